package dev.tenantscope.fleetsim.internal;

/** Noisy-tenant schedule: per tenant and 6-hour slot, maybe one burst of 20–90 minutes in the slot's first 4 h. */
public final class Episodes {
    public static final long SLOT = 6 * 3_600;
    private static final long SALT = 11;
    public static final String[] SIGNALS = {"invocations", "throttles", "errors"};

    /** An episode; end exclusive, epoch seconds. */
    public record Episode(int tenant, int signal, long start, long end) {
        public String signalName() {
            return SIGNALS[signal];
        }
    }

    private final long seed;
    private final double rate;

    public Episodes(long seed, double rate) {
        this.seed = seed;
        this.rate = rate;
    }

    public Episode inSlot(int tenant, long slot) {
        long h = Hash.of(seed, SALT, tenant, slot);
        if (Hash.unit(h) >= rate) {
            return null;
        }
        long h2 = Hash.mix(h);
        long start = slot * SLOT + Hash.below(h2, 240) * 60L;
        long minutes = 20 + Hash.below(Hash.mix(h2), 71);
        return new Episode(tenant, Hash.below(Hash.mix(Hash.mix(h2)), 3), start, start + minutes * 60);
    }

    /** The episode of a tenant covering {@code epochSecond}, or null. */
    public Episode at(int tenant, long epochSecond) {
        if (rate == 0) {
            return null;
        }
        Episode e = inSlot(tenant, Math.floorDiv(epochSecond, SLOT));
        return e != null && epochSecond >= e.start && epochSecond < e.end ? e : null;
    }
}
