package dev.tenantscope.queryapi.internal;

import dev.tenantscope.queryapi.ApiToken;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Bearer token → {@link Principal}, by the SHA-256 of the presented token (the clear text is never kept). */
public final class Authenticator {
    private static final String PREFIX = "Bearer ";
    private final Map<String, ApiToken> byHash = new HashMap<>();

    public Authenticator(List<ApiToken> tokens) {
        tokens.forEach(t -> byHash.put(t.sha256(), t));
    }

    /** @throws ApiException 401 when the header is missing, malformed or names no configured token */
    public Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ApiException(401, "unauthorized", "Authorization", "Authorization: expected 'Bearer <token>'");
        }
        String token = authorization.substring(PREFIX.length()).trim();
        // a hash lookup: comparing digests of fixed length leaks nothing useful about the token
        ApiToken match = byHash.get(ApiToken.sha256Hex(token));
        if (match == null) {
            throw new ApiException(401, "unauthorized", "Authorization", "Authorization: unknown token");
        }
        return new Principal(match.name(), match.role(), match.tenantId());
    }
}
