package dev.tenantscope.fleetsim.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who is calling, read from the SigV4 {@code Credential=} access key id. Temporary keys issued by AssumeRole are
 * {@code ASIA<account><issued sim epoch second, base 36>}; {@code AKIA<12 digits>} is that member account's own
 * long-term key; any other key id acts as the management account.
 *
 * @param index fleet index of a member account, or -1 for the management account
 * @param issuedAt simulated epoch second the temporary credentials were issued, or -1 for long-term keys
 * @param role role name for assumed-role callers, else null
 * @param session role session name, when the session token carried it
 */
public record Caller(String account, int index, long issuedAt, String role, String session) {

    public boolean management() {
        return index < 0;
    }

    public boolean temporary() {
        return issuedAt >= 0;
    }

    public static String accessKeyId(String account, long issuedAt) {
        return "ASIA" + account + Long.toString(issuedAt, 36).toUpperCase(java.util.Locale.ROOT);
    }

    public static String sessionToken(String account, String role, String session, long issuedAt) {
        String raw = "fs1|" + account + "|" + role + "|" + session + "|" + issuedAt;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Resolves a caller, or throws the AWS error for an unknown/invalid key. */
    public static Caller resolve(String accessKeyId, String sessionToken, Fleet fleet) {
        String mgmt = fleet.management.value();
        if (accessKeyId.startsWith("ASIA") && accessKeyId.length() > 16) {
            String account = accessKeyId.substring(4, 16);
            long issued;
            try {
                issued = Long.parseLong(accessKeyId.substring(16), 36);
            } catch (NumberFormatException e) {
                throw invalidKey();
            }
            int index = fleet.indexOf(account);
            if (index < 0 && !account.equals(mgmt)) {
                throw invalidKey();
            }
            String role = fleet.spec.roleName();
            String session = null;
            if (sessionToken != null) {
                try {
                    String[] parts = new String(Base64.getUrlDecoder().decode(sessionToken), StandardCharsets.UTF_8)
                            .split("\\|");
                    if (parts.length == 5 && parts[1].equals(account)) {
                        role = parts[2];
                        session = parts[3];
                    }
                } catch (IllegalArgumentException e) {
                    // a token we did not issue: keep the defaults
                }
            }
            return new Caller(account, index, issued, role, session);
        }
        if (accessKeyId.startsWith("AKIA") && accessKeyId.length() == 16) {
            String account = accessKeyId.substring(4);
            int index = fleet.indexOf(account);
            if (index >= 0) {
                return new Caller(account, index, -1, null, null);
            }
        }
        return new Caller(mgmt, -1, -1, null, null);
    }

    private static SimError invalidKey() {
        return new SimError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }

    public String arn() {
        if (role != null && temporary()) {
            return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + (session == null ? "session" : session);
        }
        return management()
                ? "arn:aws:iam::" + account + ":user/fleet-sim-admin"
                : "arn:aws:iam::" + account + ":user/tenant-admin";
    }

    public String userId() {
        String id = "AROA" + account.substring(4) + "FLEETSIM";
        return role != null && temporary() ? id + ":" + (session == null ? "session" : session) : "AIDA" + account;
    }
}
