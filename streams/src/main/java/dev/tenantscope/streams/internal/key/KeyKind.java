package dev.tenantscope.streams.internal.key;

/**
 * Which typed key a key's bytes hold: the second byte of every key. Codes are part of the state format (they are
 * in every changelog and repartition record): never reuse or renumber one, only add.
 */
public enum KeyKind {
    // Retired codes, never reuse: 1 (cost line), 3 (daily cost), 5 (month row), 10 (shared usage line) — the cost
    // keys before record types. Their state cannot be read by this version (streams README, "Upgrading").
    ACCOUNT_DAY(2),
    TENANT_ACCOUNT_DAY(4),
    SIGNAL(6),
    COHORT(7),
    COHORT_MEMBER(8),
    QUOTA(9),
    SHARED_USAGE_TOTAL(11),
    ROLLUP_WINDOW(12),
    ROLLUP_COVERAGE(13),
    COST_LINE(14),
    DAILY_COST(15),
    MONTH_ROW(16),
    SHARED_USAGE_LINE(17),
    ROLLUP_POINT(20),
    COST_COHORT(21),
    COST_ANOMALY_LINE(22),
    COST_ANOMALY_DAY(23);

    private final byte code;

    KeyKind(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    private static final KeyKind[] BY_CODE = new KeyKind[256];

    static {
        for (KeyKind k : values()) {
            BY_CODE[k.code & 0xFF] = k;
        }
    }

    /** The kind with this code, or null. */
    static KeyKind of(byte code) {
        return BY_CODE[code & 0xFF];
    }
}
