package dev.tenantscope.fleetsim;

import dev.tenantscope.fleetsim.internal.Hash;
import dev.tenantscope.model.AccountId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults in force. Replace the whole {@link FaultConfig} with {@link #set}; the request path reads it once
 * per call. Account fractions select accounts by a hash of (seed, account), so the same config always picks the
 * same accounts, listed by {@link #deletedRoleAccounts()} and {@link #externalIdMismatchAccounts()}.
 */
public final class Faults {
    private static final long SALT_DELETED = 51, SALT_EXTERNAL_ID = 52;

    private final long seed;
    private final List<AccountId> members;
    private volatile FaultConfig config = FaultConfig.none();
    private final ConcurrentHashMap<String, AtomicLong> callCounters = new ConcurrentHashMap<>();

    Faults(long seed, List<AccountId> members) {
        this.seed = seed;
        this.members = members;
    }

    public FaultConfig get() {
        return config;
    }

    public void set(FaultConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        callCounters.clear();
    }

    public void reset() {
        set(FaultConfig.none());
    }

    private boolean picked(long salt, double fraction, AccountId account) {
        return fraction > 0 && Hash.unit(Hash.of(seed, salt, Long.parseLong(account.value()))) < fraction;
    }

    public boolean roleDeleted(AccountId account) {
        FaultConfig c = config;
        return c.deletedRoleAccounts().contains(account.value())
                || picked(SALT_DELETED, c.deletedRoleFraction(), account);
    }

    public boolean externalIdMismatch(AccountId account) {
        FaultConfig c = config;
        return c.externalIdMismatchAccounts().contains(account.value())
                || picked(SALT_EXTERNAL_ID, c.externalIdMismatchFraction(), account);
    }

    public boolean suspended(AccountId account) {
        return config.suspendedAccounts().contains(account.value());
    }

    /** Member accounts whose role is deleted under the current config (explicit ones included). */
    public Set<AccountId> deletedRoleAccounts() {
        Set<AccountId> out = new TreeSet<>();
        for (AccountId a : members) {
            if (roleDeleted(a)) {
                out.add(a);
            }
        }
        return out;
    }

    public Set<AccountId> externalIdMismatchAccounts() {
        Set<AccountId> out = new TreeSet<>();
        for (AccountId a : members) {
            if (externalIdMismatch(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Whether the n-th call under {@code key} is hit by {@code rate}: hits are spread evenly (rate 0.5 hits calls
     * 1, 3, 5…), so a retrying client sees a deterministic sequence.
     */
    public boolean hit(String key, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        long n = callCounters.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
        return Math.ceil((n + 1) * rate) > Math.ceil(n * rate); // the first call is hit
    }
}
