package dev.tenantscope.fleetsim.internal;

import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.Tier;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts and tenants of a fleet with their per-account workload parameters. Materialised once (a few
 * hundred bytes per account); everything per datapoint is computed on demand by the models.
 */
public final class Fleet {
    static final long DAY = 86_400;
    private static final long SALT_TENANT = 1, SALT_TIER = 2, SALT_JOIN = 3, SALT_SUSP = 4, SALT_CLOSE = 5;
    private static final long SALT_SCALE = 6, SALT_DRIFT = 7, SALT_REGIONS = 8;
    static final long NO_DRIFT = Long.MIN_VALUE;
    /** Every account's home region; a multi-region account's second region. */
    public static final String HOME = "us-east-1", SECOND = "eu-west-1";
    /** Third regions of three-region accounts: two enabled by default, two opt-in. */
    private static final List<String> THIRD = List.of("us-west-2", "ap-southeast-2", "eu-south-1", "ap-east-1");
    /** The regions fleet-sim serves, with whether an account must opt in to use them. */
    public static final Map<String, Boolean> REGIONS = regions();
    /** A multi-region account's workload share in its home region; the rest is split among the others. */
    private static final double HOME_SHARE = 0.6;

    public final FleetSpec spec;
    public final AccountId management;
    private final SimAccount[] accounts;
    private final Map<String, Integer> byId;
    private final int[] tenantOf;
    private final List<TenantId> tenants;
    private final List<List<Integer>> accountsOfTenant;
    // per-account workload parameters
    final double[] invocationsPerMinute;
    final double[] errorRate;
    final double[] durationMs;
    final long[] activeFrom;
    final long[] activeUntil;
    final long[] driftStart;
    final long[] driftSeconds;
    // workload units: unit i < size() is account i in its home region; units above are other regions' workloads
    private final int[] unitAccount;
    private final String[] unitRegion;
    private final double[] unitShare;
    private final int[][] unitsOfAccount;

    public Fleet(FleetSpec spec) {
        this.spec = spec;
        this.management = AccountId.of(spec.managementAccount());
        int n = spec.accounts();
        long seed = spec.seed();
        accounts = new SimAccount[n];
        byId = new HashMap<>(n * 2);
        tenantOf = new int[n];
        tenants = new ArrayList<>();
        accountsOfTenant = new ArrayList<>();
        invocationsPerMinute = new double[n];
        errorRate = new double[n];
        durationMs = new double[n];
        activeFrom = new long[n];
        activeUntil = new long[n];
        driftStart = new long[n];
        driftSeconds = new long[n];
        long genesis = spec.genesis().getEpochSecond();
        long idOffset = Long.remainderUnsigned(Hash.mix(seed), 900_000_000_000L);
        int i = 0;
        while (i < n) {
            int t = tenants.size();
            long th = Hash.of(seed, SALT_TENANT, t);
            double u = Hash.unit(th);
            int size = u < 0.70 ? 1 : u < 0.90 ? 2 : u < 0.97 ? 3 : 4 + Hash.below(Hash.mix(th), 2);
            size = Math.min(size, n - i);
            double tu = Hash.unit(Hash.of(seed, SALT_TIER, t));
            Tier tier = tu < 0.50 ? Tier.FREE : tu < 0.85 ? Tier.STANDARD : Tier.ENTERPRISE;
            TenantId tenant = TenantId.of(String.format("tenant-%05d", t));
            tenants.add(tenant);
            List<Integer> members = new ArrayList<>(size);
            long tenantJoin = joinTime(seed, t, genesis);
            for (int k = 0; k < size; k++, i++) {
                members.add(i);
                tenantOf[i] = t;
                String id = String.format("%012d", 100_000_000_000L + (i * 1_000_003L + idOffset) % 900_000_000_000L);
                String env = k == 1 ? "staging" : "prod";
                Instant joined = Instant.ofEpochSecond(tenantJoin + k * 3_600L);
                Instant suspended = lifecycle(seed, SALT_SUSP, i, spec.suspendedFraction(), genesis, joined);
                Instant closed = lifecycle(seed, SALT_CLOSE, i, spec.closedFraction(), genesis, joined);
                SimAccount account = new SimAccount(
                        AccountId.of(id),
                        tenant.value() + "-" + env + (k > 1 ? "-" + k : ""),
                        "aws+" + tenant.value() + "-" + k + "@tenants.example.com",
                        tenant,
                        tier,
                        env,
                        joined,
                        suspended,
                        closed);
                accounts[i] = account;
                byId.put(id, i);
                parameters(i, account, tier, env);
            }
            accountsOfTenant.add(List.copyOf(members));
        }
        List<int[]> extra = new ArrayList<>(); // {account, region index in THIRD or -1 for SECOND}
        unitsOfAccount = new int[n][];
        double[] homeShare = new double[n];
        for (int a = 0; a < n; a++) {
            long h = Hash.of(seed, SALT_REGIONS, a);
            int others = Hash.unit(h) >= spec.multiRegionFraction() ? 0 : Hash.below(Hash.mix(h), 3) == 0 ? 2 : 1;
            unitsOfAccount[a] = new int[1 + others];
            unitsOfAccount[a][0] = a;
            homeShare[a] = others == 0 ? 1.0 : HOME_SHARE;
            for (int k = 0; k < others; k++) {
                unitsOfAccount[a][1 + k] = n + extra.size();
                extra.add(new int[] {a, k == 0 ? -1 : Hash.below(Hash.mix(Hash.mix(h)), THIRD.size())});
            }
        }
        unitAccount = new int[n + extra.size()];
        unitRegion = new String[unitAccount.length];
        unitShare = new double[unitAccount.length];
        for (int a = 0; a < n; a++) {
            unitAccount[a] = a;
            unitRegion[a] = HOME;
            unitShare[a] = homeShare[a];
        }
        for (int k = 0; k < extra.size(); k++) {
            int a = extra.get(k)[0];
            int u = n + k;
            unitAccount[u] = a;
            unitRegion[u] = extra.get(k)[1] < 0 ? SECOND : THIRD.get(extra.get(k)[1]);
            unitShare[u] = (1 - HOME_SHARE) / (unitsOfAccount[a].length - 1);
        }
    }

    private static Map<String, Boolean> regions() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (String r : List.of(
                "us-east-1",
                "us-east-2",
                "us-west-1",
                "us-west-2",
                "ca-central-1",
                "eu-west-1",
                "eu-west-2",
                "eu-central-1",
                "ap-southeast-1",
                "ap-southeast-2",
                "ap-northeast-1",
                "sa-east-1")) {
            m.put(r, false);
        }
        for (String r : List.of("eu-south-1", "ap-east-1", "me-south-1", "af-south-1")) {
            m.put(r, true);
        }
        return Collections.unmodifiableMap(m);
    }

    private static long joinTime(long seed, int tenant, long genesis) {
        long h = Hash.of(seed, SALT_JOIN, tenant);
        double u = Hash.unit(h);
        double v = Hash.unit(Hash.mix(h));
        return u < 0.10 ? genesis + (long) (v * 30 * DAY) : genesis - DAY - (long) (v * 400 * DAY);
    }

    private static Instant lifecycle(long seed, long salt, int i, double fraction, long genesis, Instant joined) {
        long h = Hash.of(seed, salt, i);
        if (Hash.unit(h) >= fraction) {
            return null;
        }
        long at = genesis - 30 * DAY + (long) (Hash.unit(Hash.mix(h)) * 60 * DAY);
        return Instant.ofEpochSecond(Math.max(at, joined.getEpochSecond() + DAY) / 60 * 60);
    }

    private void parameters(int i, SimAccount a, Tier tier, String env) {
        long seed = spec.seed();
        long h = Hash.of(seed, SALT_SCALE, i);
        double base = switch (tier) {
            case FREE -> 5;
            case STANDARD -> 60;
            case ENTERPRISE -> 600;
        };
        double scale = 0.3 + 2.7 * Hash.unit(h);
        invocationsPerMinute[i] = base * scale * (env.equals("staging") ? 0.2 : 1.0);
        errorRate[i] = 0.002 + 0.008 * Hash.unit(Hash.mix(h));
        durationMs[i] = 80 + 320 * Hash.unit(Hash.mix(Hash.mix(h)));
        activeFrom[i] = a.joinedAt().getEpochSecond();
        Instant end = a.endsAt();
        activeUntil[i] = end == null ? Long.MAX_VALUE : end.getEpochSecond();
        long d = Hash.of(seed, SALT_DRIFT, i);
        if (Hash.unit(d) < spec.quotaDriftFraction()) {
            long genesis = spec.genesis().getEpochSecond();
            long start = genesis - 10 * DAY + (long) (Hash.unit(Hash.mix(d)) * 40 * DAY);
            driftStart[i] = Math.max(start, activeFrom[i]) / 60 * 60;
            driftSeconds[i] = (3 + Hash.below(Hash.mix(Hash.mix(d)), 8)) * DAY;
        } else {
            driftStart[i] = NO_DRIFT;
        }
    }

    public int size() {
        return accounts.length;
    }

    public SimAccount account(int index) {
        return accounts[index];
    }

    /** Index of a member account, or -1 (also for the management account). */
    public int indexOf(String accountId) {
        Integer i = byId.get(accountId);
        return i == null ? -1 : i;
    }

    public int tenantOf(int index) {
        return tenantOf[index];
    }

    public List<TenantId> tenants() {
        return tenants;
    }

    public int tenantIndex(TenantId tenant) {
        String v = tenant.value();
        if (!v.startsWith("tenant-")) {
            return -1;
        }
        try {
            int t = Integer.parseInt(v.substring(7));
            return t >= 0 && t < tenants.size() && tenants.get(t).equals(tenant) ? t : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public List<Integer> accountsOfTenant(int tenant) {
        return accountsOfTenant.get(tenant);
    }

    /** Workload units (account × region with workload): {@code size()} home units, then the other regions'. */
    public int units() {
        return unitAccount.length;
    }

    public int accountOfUnit(int unit) {
        return unitAccount[unit];
    }

    public String regionOfUnit(int unit) {
        return unitRegion[unit];
    }

    /** The unit's share of its account's workload. */
    public double shareOfUnit(int unit) {
        return unitShare[unit];
    }

    /** The unit of account {@code a}'s workload in {@code region}, or -1 when it has none there. */
    public int unit(int a, String region) {
        for (int u : unitsOfAccount[a]) {
            if (unitRegion[u].equals(region)) {
                return u;
            }
        }
        return -1;
    }

    /** The regions account {@code a} runs workload in, home first. */
    public List<String> regions(int a) {
        List<String> out = new ArrayList<>(unitsOfAccount[a].length);
        for (int u : unitsOfAccount[a]) {
            out.add(unitRegion[u]);
        }
        return out;
    }

    /**
     * Whether account {@code a} may call {@code region}: regions enabled by default always, an opt-in region once
     * the account opted in (the accounts that run workload there did); unknown regions never.
     */
    public boolean enabled(int a, String region) {
        Boolean optIn = REGIONS.get(region);
        return optIn != null && (!optIn || a >= 0 && unit(a, region) >= 0);
    }

    /** True when the account produces workload at {@code epochSecond}. */
    public boolean active(int i, long epochSecond) {
        return epochSecond >= activeFrom[i] && epochSecond < activeUntil[i];
    }
}
