package dev.tenantscope.fleetsim.internal;

/** Stateless pseudo-randomness: every simulated value is a hash of (seed, purpose, coordinates). */
public final class Hash {
    private Hash() {}

    public static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long of(long seed, long salt, long a) {
        return mix(mix(seed ^ mix(salt)) ^ a);
    }

    public static long of(long seed, long salt, long a, long b) {
        return mix(of(seed, salt, a) ^ b);
    }

    public static long of(long seed, long salt, long a, long b, long c) {
        return mix(of(seed, salt, a, b) ^ c);
    }

    /** Uniform in [0, 1). */
    public static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, n). */
    public static int below(long h, int n) {
        return (int) Long.remainderUnsigned(h, n);
    }
}
