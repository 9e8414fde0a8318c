package dev.tenantscope.queryapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured bearer token. Only the SHA-256 of the token is kept: a leaked config does not leak
 * access.
 *
 * @param name who holds it (appears in logs and metrics, never the token)
 * @param sha256 lower-case hex SHA-256 of the token's UTF-8 bytes
 * @param role what it may see
 * @param tenantId the one tenant a {@link Role#TENANT} token sees; null for the other roles
 */
public record ApiToken(String name, String sha256, Role role, String tenantId) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("token name: expected a non-blank name");
        }
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "token '" + name + "' sha256: expected 64 lower-case hex digits (SHA-256 of the token)");
        }
        if (role == Role.TENANT && (tenantId == null || tenantId.isBlank())) {
            throw new IllegalArgumentException("token '" + name + "' tenant: a TENANT token needs its tenant id");
        }
        if (role != Role.TENANT && tenantId != null) {
            throw new IllegalArgumentException(
                    "token '" + name + "' tenant: only TENANT tokens are scoped to a tenant, this one is " + role);
        }
    }

    /** A token from its clear text (tests, demo mode): hashes it at once. */
    public static ApiToken ofPlain(String name, String token, Role role, String tenantId) {
        return new ApiToken(name, sha256Hex(token), role, tenantId);
    }

    /** Lower-case hex SHA-256 of {@code text}'s UTF-8 bytes. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
