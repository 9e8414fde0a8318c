package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import java.time.Duration;
import java.time.Instant;

/**
 * A stable offset inside any interval: the same key always lands at the same fraction of it, and different keys
 * spread evenly, so the fleet is not polled at one instant and stays spread across restarts. Collection slots are
 * keyed by tenant ({@link #slotOffset}): a tenant's accounts are collected in the same tick, so a window of the
 * tenant is covered by all of them at once and its detectors see it one collection after it ends, not after the
 * last of its accounts' spread slots.
 */
public final class Jitter {
    private Jitter() {}

    /** The account's fraction of an interval, in [0, 1). */
    public static double fraction(AccountId account, String salt) {
        long h = mix(Long.parseLong(account.value()) ^ salt.hashCode() * 0x9E3779B97F4A7C15L);
        return (h >>> 11) * 0x1.0p-53;
    }

    public static Duration offset(AccountId account, String salt, Duration interval) {
        return Duration.ofMillis((long) (fraction(account, salt) * interval.toMillis()));
    }

    /**
     * The offset of an account's collection slots: its tenant's, so the tenant's accounts share them; an account
     * no tenant owns yet has its own.
     */
    public static Duration slotOffset(AccountRegistration reg, String salt, Duration interval) {
        if (TenantId.UNASSIGNED.equals(reg.tenant())) {
            return offset(reg.account(), salt, interval);
        }
        long h = mix(fnv1a(reg.tenant().value()) ^ salt.hashCode() * 0x9E3779B97F4A7C15L);
        return Duration.ofMillis((long) ((h >>> 11) * 0x1.0p-53 * interval.toMillis()));
    }

    /** The latest slot start ≤ now of an account's schedule: k × interval + offset. */
    public static Instant slotStart(Instant now, Duration interval, Duration offset) {
        long i = interval.toMillis();
        long t = now.toEpochMilli() - offset.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t, i) * i + offset.toMillis());
    }

    private static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    // splitmix64 finaliser: cheap, and neighbouring account ids land far apart
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
