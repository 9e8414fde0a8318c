package dev.tenantscope.streams.internal;

/** Where one score ranks among the latest scores of a cohort's other members, counted one member at a time. */
final class CohortRank {
    private final double score;
    private long below, equal, others;

    CohortRank(double score) {
        this.score = score;
    }

    void add(double other) {
        others++;
        if (other < score) {
            below++;
        } else if (other == score) {
            equal++;
        }
    }

    /** The fraction of the others below the score (ties count half); {@code alone} when there were none. */
    double percentile(double alone) {
        return others == 0 ? alone : (below + equal / 2.0) / others;
    }
}
