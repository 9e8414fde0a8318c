package dev.tenantscope.fleetsim;

import dev.tenantscope.model.AccountId;
import java.time.Instant;
import java.util.Objects;

/**
 * What fleet to simulate. Everything the simulator serves is a pure function of this spec and the simulated time.
 *
 * @param seed drives every pseudo-random choice
 * @param accounts number of tenant (member) accounts, excluding the management account
 * @param externalId the ExternalId every role trusts (unless a fault says otherwise)
 * @param roleName the read-only role in each member account that AssumeRole targets
 * @param managementAccount the management (payer) account: owns Organizations and the consolidated bill
 * @param tenantTagKey the Organizations tag holding the tenant id
 * @param genesis the reference "now" of the fleet: most accounts joined before it, some join after it
 * @param futureJoinFraction share of accounts that join in the 30 days after genesis
 * @param suspendedFraction share of accounts suspended at some time within 30 days of genesis
 * @param closedFraction share of accounts closed at some time within 30 days of genesis
 * @param noisyRate probability that a tenant has a noisy episode in a given 6-hour slot
 * @param quotaDriftFraction share of accounts whose Lambda concurrency drifts over its quota on a schedule
 * @param restatementDropsGroups when true, about 1 account-day in 40 has an API Gateway line in its first two
 *     estimates that a later restatement no longer contains (Cost Explorer drops the group); off by default until
 *     the pipeline zeroes dropped groups
 * @param costAnomalyRate probability that an account has a cost anomaly in a given week (one service's daily usage
 *     multiplied by 3–6 for 1–3 days; {@link GroundTruth#costAnomalies})
 * @param multiRegionFraction share of accounts whose workload runs in two or three regions ({@link
 *     GroundTruth#regions}); 0 (the default until the collector discovers regions): {@code us-east-1} only
 */
public record FleetSpec(
        long seed,
        int accounts,
        String externalId,
        String roleName,
        String managementAccount,
        String tenantTagKey,
        Instant genesis,
        double futureJoinFraction,
        double suspendedFraction,
        double closedFraction,
        double noisyRate,
        double quotaDriftFraction,
        boolean restatementDropsGroups,
        double costAnomalyRate,
        double multiRegionFraction) {

    public static final Instant DEFAULT_GENESIS = Instant.parse("2026-11-01T00:00:00Z");

    public FleetSpec {
        if (accounts < 1 || accounts > 1_000_000) {
            throw new IllegalArgumentException("accounts: expected 1..1000000, got " + accounts);
        }
        Objects.requireNonNull(externalId, "externalId: required");
        if (externalId.isBlank()) {
            throw new IllegalArgumentException("externalId: expected a non-blank string");
        }
        if (roleName == null || !roleName.matches("[\\w+=,.@-]{1,64}")) {
            throw new IllegalArgumentException("roleName: expected an IAM role name, got '" + roleName + "'");
        }
        AccountId.of(managementAccount);
        if (managementAccount.compareTo("100000000000") >= 0) {
            throw new IllegalArgumentException(
                    "managementAccount: expected an id below 100000000000 (member ids live above), got "
                            + managementAccount);
        }
        if (tenantTagKey == null || tenantTagKey.isBlank()) {
            throw new IllegalArgumentException("tenantTagKey: expected a non-blank tag key");
        }
        Objects.requireNonNull(genesis, "genesis: required");
        fraction("futureJoinFraction", futureJoinFraction);
        fraction("suspendedFraction", suspendedFraction);
        fraction("closedFraction", closedFraction);
        fraction("noisyRate", noisyRate);
        fraction("quotaDriftFraction", quotaDriftFraction);
        fraction("costAnomalyRate", costAnomalyRate);
        fraction("multiRegionFraction", multiRegionFraction);
    }

    private static void fraction(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + ": expected a fraction in [0, 1], got " + value);
        }
    }

    /** Seed 42, 1,000 accounts, ExternalId {@code tenantscope-demo}, role {@code TenantScopeReadOnly}. */
    public static FleetSpec defaults() {
        return new FleetSpec(
                42,
                1_000,
                "tenantscope-demo",
                "TenantScopeReadOnly",
                "000000000001",
                "tenant-id",
                DEFAULT_GENESIS,
                0.10,
                0.02,
                0.01,
                0.004,
                0.03,
                true,
                0.01,
                0.0);
    }

    public FleetSpec withSeed(long value) {
        return edit(e -> e.seed = value);
    }

    public FleetSpec withAccounts(int value) {
        return edit(e -> e.accounts = value);
    }

    public FleetSpec withGenesis(Instant value) {
        return edit(e -> e.genesis = value);
    }

    public FleetSpec withExternalId(String value) {
        return edit(e -> e.externalId = value);
    }

    public FleetSpec withNoisyRate(double value) {
        return edit(e -> e.noisyRate = value);
    }

    public FleetSpec withQuotaDriftFraction(double value) {
        return edit(e -> e.quotaDriftFraction = value);
    }

    /** Restated days that drop a group an earlier answer had (see {@code restatementDropsGroups}). */
    public FleetSpec withRestatementDropsGroups(boolean value) {
        return edit(e -> e.restatementDropsGroups = value);
    }

    public FleetSpec withCostAnomalyRate(double value) {
        return edit(e -> e.costAnomalyRate = value);
    }

    /**
     * The fraction of accounts whose workload runs in two or three regions (home {@code us-east-1}, then
     * {@code eu-west-1}, some a third, opt-in or not); the others run in {@code us-east-1} only.
     */
    public FleetSpec withMultiRegionFraction(double value) {
        return edit(e -> e.multiRegionFraction = value);
    }

    /** The ARN of the read-only role in {@code account}. */
    public String roleArn(AccountId account) {
        return "arn:aws:iam::" + account.value() + ":role/" + roleName;
    }

    /** A copy with {@code change} applied; the canonical constructor validates the result. */
    private FleetSpec edit(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return e.build();
    }

    /** The fields of a spec being edited by a wither. */
    private static final class Edit {
        long seed;
        int accounts;
        String externalId;
        String roleName;
        String managementAccount;
        String tenantTagKey;
        Instant genesis;
        double futureJoinFraction;
        double suspendedFraction;
        double closedFraction;
        double noisyRate;
        double quotaDriftFraction;
        boolean restatementDropsGroups;
        double costAnomalyRate;
        double multiRegionFraction;

        Edit(FleetSpec s) {
            seed = s.seed;
            accounts = s.accounts;
            externalId = s.externalId;
            roleName = s.roleName;
            managementAccount = s.managementAccount;
            tenantTagKey = s.tenantTagKey;
            genesis = s.genesis;
            futureJoinFraction = s.futureJoinFraction;
            suspendedFraction = s.suspendedFraction;
            closedFraction = s.closedFraction;
            noisyRate = s.noisyRate;
            quotaDriftFraction = s.quotaDriftFraction;
            restatementDropsGroups = s.restatementDropsGroups;
            costAnomalyRate = s.costAnomalyRate;
            multiRegionFraction = s.multiRegionFraction;
        }

        FleetSpec build() {
            return new FleetSpec(
                    seed,
                    accounts,
                    externalId,
                    roleName,
                    managementAccount,
                    tenantTagKey,
                    genesis,
                    futureJoinFraction,
                    suspendedFraction,
                    closedFraction,
                    noisyRate,
                    quotaDriftFraction,
                    restatementDropsGroups,
                    costAnomalyRate,
                    multiRegionFraction);
        }
    }
}
