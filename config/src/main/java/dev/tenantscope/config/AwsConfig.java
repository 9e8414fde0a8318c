package dev.tenantscope.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shared {@code aws} section.
 *
 * @param endpointOverride one endpoint for every service (fleet-sim), or null for real AWS endpoints
 * @param regions regions polled in accounts whose registration does not name any
 * @param roleName the read-only role assumed in every tenant account
 * @param sessionDuration AssumeRole session length (AWS allows 15 minutes to 12 hours)
 * @param refreshBefore a session is renewed this long before it expires
 * @param maxConnections connections of the one HTTP client shared by every account
 * @param accessKeyId base credentials; null means the default credential chain
 * @param secretAccessKey with {@code accessKeyId}; never printed
 * @param managementAccount the payer / Organizations management account (12 digits), null when unknown
 */
public record AwsConfig(
        URI endpointOverride,
        List<String> regions,
        String roleName,
        String externalId,
        Duration sessionDuration,
        Duration refreshBefore,
        int maxConnections,
        String accessKeyId,
        String secretAccessKey,
        String managementAccount) {
    public static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    public static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** What a simulator accepts when no keys are configured; real AWS goes through the default chain instead. */
    static final String PLACEHOLDER_KEY_ID = "AKIDTENANTSCOPELOCAL";

    static final String PLACEHOLDER_SECRET = "local-simulator-secret";

    public AwsConfig {
        regions = List.copyOf(regions);
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(sessionDuration, "sessionDuration");
        Objects.requireNonNull(refreshBefore, "refreshBefore");
        if (managementAccount != null && !ACCOUNT.matcher(managementAccount).matches()) {
            throw new IllegalArgumentException(
                    "managementAccount: expected a 12-digit AWS account id, got '" + managementAccount + "'");
        }
    }

    static AwsConfig bind(ConfigNode n) {
        Environment env = n.env();
        URI endpoint = n.uri(
                "endpointOverride",
                null,
                "one endpoint for every AWS service (fleet-sim); leave out" + " for real AWS (default: $"
                        + Environment.AWS_ENDPOINT_URL + ")");
        if (endpoint == null && !n.has("endpointOverride") && env.get(Environment.AWS_ENDPOINT_URL) != null) {
            try {
                endpoint = Grammar.httpUrl(env.get(Environment.AWS_ENDPOINT_URL));
                n.derived("endpointOverride", endpoint.toString(), "from $" + Environment.AWS_ENDPOINT_URL);
            } catch (IllegalArgumentException e) {
                n.problem(
                        "endpointOverride",
                        env.get(Environment.AWS_ENDPOINT_URL),
                        e.getMessage() + " (from $" + Environment.AWS_ENDPOINT_URL + ")");
            }
        }
        List<String> regions = n.nonEmptyStringList(
                "regions",
                List.of("us-east-1"),
                r -> REGION.matcher(r).matches(),
                "an AWS region such as us-east-1",
                "regions polled in accounts whose registration names none");
        if (regions.isEmpty()) {
            regions = List.of("us-east-1"); // every entry was bad, each reported
        }
        String role = n.string("roleName", "TenantScopeReadOnly", "role assumed in every tenant account");
        String externalId = n.stringOrEnv(
                "externalId",
                Environment.EXTERNAL_ID,
                "tenantscope-demo",
                "ExternalId the tenant role's trust policy requires (default: $" + Environment.EXTERNAL_ID + ")");
        Duration session = n.duration(
                "sessionDuration",
                Duration.ofHours(1),
                Duration.ofMinutes(15),
                Duration.ofHours(12),
                "AssumeRole session length (AWS allows 15m to 12h)");
        Duration refresh =
                n.duration("refreshBefore", Duration.ofMinutes(5), "renew a session this long before it expires");
        if (refresh.compareTo(session) >= 0) {
            n.problem(
                    "refreshBefore",
                    Grammar.durationText(refresh),
                    "shorter than aws.sessionDuration (" + Grammar.durationText(session) + ")");
            refresh = Duration.ofMinutes(5);
        }
        int connections =
                n.integer("maxConnections", 256, 1, 10_000, "connections of the one HTTP client every account shares");
        String keyId = keyOrEnv(n, "accessKeyId", Environment.AWS_ACCESS_KEY_ID, false);
        String secret = keyOrEnv(n, "secretAccessKey", Environment.AWS_SECRET_ACCESS_KEY, true);
        if ((keyId == null) != (secret == null)) {
            n.problem(
                    keyId == null ? "accessKeyId" : "secretAccessKey",
                    "(unset)",
                    "accessKeyId and secretAccessKey set together");
        }
        if (keyId == null && secret == null && endpoint != null) {
            keyId = PLACEHOLDER_KEY_ID;
            secret = PLACEHOLDER_SECRET;
            n.derived("accessKeyId", keyId, "placeholder: a simulator accepts any key");
        }
        String management = n.optionalString(
                "managementAccount", "the payer / Organizations management account (12 digits), when known");
        if (management != null && !ACCOUNT.matcher(management).matches()) {
            n.problem("managementAccount", management, "a 12-digit AWS account id");
            management = null;
        }
        return new AwsConfig(
                endpoint, regions, role, externalId, session, refresh, connections, keyId, secret, management);
    }

    private static String keyOrEnv(ConfigNode n, String key, String variable, boolean secret) {
        String doc = (secret ? "with accessKeyId (never printed)" : "base credentials; leave out for the default chain")
                + " (default: $" + variable + ")";
        String v = secret ? n.secret(key, doc) : n.optionalString(key, doc);
        if (v == null && n.env().get(variable) != null) {
            v = n.env().get(variable);
            n.derived(key, secret ? "****" : v, "from $" + variable);
        }
        return v;
    }

    public AwsConfig withEndpointOverride(URI endpoint) {
        return new AwsConfig(
                endpoint,
                regions,
                roleName,
                externalId,
                sessionDuration,
                refreshBefore,
                maxConnections,
                accessKeyId,
                secretAccessKey,
                managementAccount);
    }

    public AwsConfig withRegions(List<String> r) {
        return new AwsConfig(
                endpointOverride,
                r,
                roleName,
                externalId,
                sessionDuration,
                refreshBefore,
                maxConnections,
                accessKeyId,
                secretAccessKey,
                managementAccount);
    }

    public AwsConfig withMaxConnections(int n) {
        return new AwsConfig(
                endpointOverride,
                regions,
                roleName,
                externalId,
                sessionDuration,
                refreshBefore,
                n,
                accessKeyId,
                secretAccessKey,
                managementAccount);
    }

    /**
     * The collector's own (base) credentials, the management account they belong to, and the tenant role and
     * ExternalId to assume: how a simulated organisation is wired in.
     */
    public AwsConfig withIdentity(String keyId, String secret, String management, String role, String external) {
        return new AwsConfig(
                endpointOverride,
                regions,
                role,
                external,
                sessionDuration,
                refreshBefore,
                maxConnections,
                keyId,
                secret,
                management);
    }

    @Override
    public String toString() {
        return "AwsConfig[endpointOverride=" + endpointOverride + ", regions=" + regions + ", roleName=" + roleName
                + ", externalId=" + externalId + ", sessionDuration=" + sessionDuration + ", refreshBefore="
                + refreshBefore + ", maxConnections=" + maxConnections + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + (secretAccessKey == null ? null : "****") + ", managementAccount="
                + managementAccount + "]";
    }
}
