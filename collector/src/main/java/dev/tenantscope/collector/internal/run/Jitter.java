package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.AccountId;
import java.time.Duration;
import java.time.Instant;

/**
 * A stable offset per account inside any interval: the same account always lands at the same fraction of it, and
 * different accounts spread evenly, so no two accounts are polled at the same instant across restarts.
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

    /** The latest slot start ≤ now of an account's schedule: k × interval + offset. */
    public static Instant slotStart(Instant now, Duration interval, Duration offset) {
        long i = interval.toMillis();
        long t = now.toEpochMilli() - offset.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t, i) * i + offset.toMillis());
    }

    // splitmix64 finaliser: cheap, and neighbouring account ids land far apart
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
