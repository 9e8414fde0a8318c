package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.model.AccountId;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** STS: AssumeRole into member accounts (with every AccessDenied reason AWS has) and GetCallerIdentity. */
final class StsService {
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws[\\w-]*:iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION = Pattern.compile("[\\w+=,.@-]{2,64}");

    static final int CHAINED_LIMIT_SECONDS = 3_600;
    /** The tenant role's MaxSessionDuration: 12 hours, the most a role allows (deploy/tenant-role.yaml sets 1 hour). */
    static final int MAX_SESSION_SECONDS = 43_200;

    private final Sim sim;

    StsService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        return switch (c.operation()) {
            case "AssumeRole" -> assumeRole(c);
            case "GetCallerIdentity" -> callerIdentity(c);
            default ->
                throw new SimError(
                        400, "InvalidAction", "Could not find operation " + c.operation() + " for version 2011-06-15");
        };
    }

    private ObjectNode callerIdentity(Call c) {
        ObjectNode out = Codecs.object();
        out.put("UserId", c.caller().userId());
        out.put("Account", c.caller().account());
        out.put("Arn", c.caller().arn());
        return out;
    }

    private ObjectNode assumeRole(Call c) {
        String arn = c.required("RoleArn", "ValidationError");
        String session = c.required("RoleSessionName", "ValidationError");
        if (!SESSION.matcher(session).matches()) {
            throw new SimError(
                    400,
                    "ValidationError",
                    "1 validation error detected: Value '" + session
                            + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        int duration = c.integer("DurationSeconds", 3600, 900, 43200, "ValidationError");
        // credentials that are themselves a role session make this role chaining: STS caps it at one hour
        if (c.caller().temporary() && duration > CHAINED_LIMIT_SECONDS) {
            throw new SimError(
                    400,
                    "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role"
                            + " chaining.");
        }
        if (duration > MAX_SESSION_SECONDS) {
            throw new SimError(
                    400,
                    "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Matcher m = ROLE_ARN.matcher(arn);
        if (!m.matches()) {
            throw new SimError(400, "ValidationError", arn + " is invalid");
        }
        String account = m.group(1);
        String role = m.group(2);
        String externalId = c.text("ExternalId");
        int index = sim.fleet.indexOf(account);
        String denied =
                "User: " + c.caller().arn() + " is not authorized to perform: sts:AssumeRole on resource: " + arn;
        if (account.equals(sim.fleet.management.value()) && role.equals(SimCatalog.PAYER_ROLE_NAME)) {
            if (externalId == null || !externalId.equals(sim.spec.externalId())) {
                throw new SimError(403, "AccessDenied", denied);
            }
            return issue(c, account, role, session, duration, Hash.of(sim.spec.seed(), 62, 0, c.now()));
        }
        if (index < 0 || !role.equals(sim.spec.roleName())) {
            throw new SimError(403, "AccessDenied", denied);
        }
        SimAccount a = sim.fleet.account(index);
        AccountId id = a.id();
        AccountStatus status = a.statusAt(Instant.ofEpochSecond(c.now()));
        if (status != AccountStatus.ACTIVE || sim.faults.suspended(id) || sim.faults.roleDeleted(id)) {
            throw new SimError(403, "AccessDenied", denied);
        }
        String expected =
                sim.faults.externalIdMismatch(id) ? sim.spec.externalId() + "-rotated" : sim.spec.externalId();
        if (externalId == null || !externalId.equals(expected)) {
            throw new SimError(403, "AccessDenied", denied);
        }
        return issue(c, account, role, session, duration, Hash.of(sim.spec.seed(), 61, index, c.now()));
    }

    private static ObjectNode issue(Call c, String account, String role, String session, int duration, long secret) {
        long issued = c.now();
        ObjectNode out = Codecs.object();
        ObjectNode creds = out.putObject("Credentials");
        creds.put("AccessKeyId", Caller.accessKeyId(account, issued));
        creds.put("SecretAccessKey", "fleetsim/" + Long.toHexString(secret));
        creds.put("SessionToken", Caller.sessionToken(account, role, session, issued));
        // Expiration is wall-clock based so the SDK's refresh logic behaves as with AWS; a simulated-time TTL
        // fault (credentialTtlSeconds) can make the server reject the key earlier.
        creds.set("Expiration", Codecs.time(Instant.now().plusSeconds(duration).getEpochSecond()));
        ObjectNode user = out.putObject("AssumedRoleUser");
        user.put("AssumedRoleId", "AROA" + account.substring(4) + "FLEETSIM:" + session);
        user.put("Arn", "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
        out.put("PackedPolicySize", 0);
        return out;
    }
}
