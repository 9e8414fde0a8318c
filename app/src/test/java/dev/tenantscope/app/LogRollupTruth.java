package dev.tenantscope.app;

import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.model.events.Coverage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log error counts as the rollups should hold them, from fleet-sim's ground truth of ERROR lines: per tenant,
 * region (each account's regions with workload, as the collector finds them) and window, {@code count} is one 5-minute bin per collected account and prefix (a bin without errors is
 * an explicit zero) and {@code sum} the ERROR lines of every log group under the prefix in those bins. Keyed like
 * {@code PipelineTruthIT.closedRollups}: {@code tenant|tenantscope/logs/errors|region|window start → count|sum}.
 */
final class LogRollupTruth {
    private static final int BIN_SECONDS = 300;

    private LogRollupTruth() {}

    static Map<String, String> expected(
            GroundTruth truth,
            List<SimAccount> collected,
            List<String> prefixes,
            Instant from,
            Instant through,
            Duration size) {
        Map<String, long[]> sums = new TreeMap<>();
        for (SimAccount a : collected) {
            for (String region : truth.regions(a.id())) {
                List<String> groups = truth.logGroups(a.id(), region);
                for (String prefix : prefixes) {
                    for (Instant bin = from; bin.isBefore(through); bin = bin.plusSeconds(BIN_SECONDS)) {
                        Instant window = Instant.ofEpochSecond(
                                Math.floorDiv(bin.getEpochSecond(), size.toSeconds()) * size.toSeconds());
                        if (window.isBefore(from) || window.plus(size).isAfter(through)) {
                            continue;
                        }
                        long errors = 0;
                        for (String g : groups) {
                            if (g.startsWith(prefix)) {
                                errors += truth.logErrorCount(a.id(), region, g, bin, bin.plusSeconds(BIN_SECONDS));
                            }
                        }
                        long[] agg = sums.computeIfAbsent(
                                a.tenant().value() + "|" + Coverage.LOGS_NAMESPACE + "/" + Coverage.LOGS_METRIC + "|"
                                        + region + "|" + window,
                                k -> new long[2]);
                        agg[0]++;
                        agg[1] += errors;
                    }
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, agg) -> out.put(
                k,
                agg[0] + "|"
                        + BigDecimal.valueOf(agg[1])
                                .setScale(4, RoundingMode.HALF_EVEN)
                                .toPlainString()));
        return out;
    }
}
