package dev.tenantscope.collector.internal.config;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.Grammar;
import dev.tenantscope.config.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a collector refuses to start with, whichever way its config was made (file or {@code with…}): a session
 * longer than role chaining allows, and, against real AWS, the demo ExternalId or one too short to be a secret.
 * Every problem is reported at once with its key path.
 */
public final class StartChecks {
    /** AWS caps a session assumed with role credentials (role chaining) at one hour. */
    public static final Duration CHAINED_SESSION_LIMIT = Duration.ofHours(1);

    public static final String DEMO_EXTERNAL_ID = "tenantscope-demo";
    public static final int MIN_EXTERNAL_ID_LENGTH = 16;

    private StartChecks() {}

    public static List<Problem> problems(CollectorConfig c) {
        List<Problem> out = new ArrayList<>();
        Duration session = c.aws().sessionDuration();
        if (session.compareTo(CHAINED_SESSION_LIMIT) > 0) {
            out.add(Problem.bad(
                    "aws.sessionDuration",
                    Grammar.durationText(session),
                    "at most 1h: the collector assumes tenant roles from its own role (role chaining), and STS"
                            + " refuses chained sessions longer than one hour with ValidationError"));
        }
        if (c.aws().endpointOverride() == null) {
            List<String> ids = c.externalIds();
            for (int i = 0; i < ids.size(); i++) {
                String path = i == 0 ? "aws.externalId" : "collector.previousExternalIds[" + (i - 1) + "]";
                String id = ids.get(i);
                if (id.equals(DEMO_EXTERNAL_ID)) {
                    out.add(Problem.bad(
                            path,
                            id,
                            "the secret in the tenant role's trust policy: '" + DEMO_EXTERNAL_ID + "' is the public"
                                    + " demo value, refused against real AWS (no aws.endpointOverride)"));
                } else if (id.length() < MIN_EXTERNAL_ID_LENGTH) {
                    out.add(Problem.bad(
                            path,
                            "(" + id.length() + " characters, not shown)",
                            "an ExternalId of at least " + MIN_EXTERNAL_ID_LENGTH
                                    + " characters against real AWS (deploy/tenant-role.yaml requires as much)"));
                }
            }
        }
        return out;
    }

    /** Throws a {@link ConfigException} naming every problem. */
    public static void require(CollectorConfig c) {
        List<Problem> problems = problems(c);
        if (!problems.isEmpty()) {
            throw new ConfigException("for the collector", problems);
        }
    }
}
