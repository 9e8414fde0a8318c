package dev.tenantscope.collector.internal.pull;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.model.events.LogSignal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryRequest;

/**
 * Error counts per log group prefix and 5-minute bin with Logs Insights (billed per byte scanned). Every group
 * matching a prefix is covered, in queries of at most 50 groups (StartQuery's limit) whose counts add up. A query
 * that passes the account's remaining byte cap is stopped and its partial counts dropped: the cap is hard. A query
 * still running at {@code queryTimeout} is stopped and reported as a timeout, not as the cap.
 */
public final class LogsPuller {
    public static final int BIN_SECONDS = 300;
    private static final int MAX_GROUPS_PER_QUERY = 50;
    private static final DateTimeFormatter BIN_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");
    private static final Pattern SAFE = Pattern.compile("[^A-Za-z0-9 _:.-]");

    private final Apis apis;
    private final CollectorConfig.Logs config;
    private final SeriesLedger ledger;
    private final Duration poll;

    public LogsPuller(Apis apis, CollectorConfig.Logs config, SeriesLedger ledger, Duration poll) {
        this.apis = apis;
        this.config = config;
        this.ledger = ledger;
        this.poll = poll;
    }

    /** Why a pull stopped before covering every group: never, the byte cap, or a query past its timeout. */
    public enum Stop {
        NONE,
        BYTE_CAP,
        TIMEOUT
    }

    /**
     * Result of one account-region pull.
     *
     * @param groupsCovered log groups whose counts were published
     * @param groupsMatched log groups matching the prefixes
     */
    public record Outcome(int emitted, long bytesScanned, Stop stop, int groupsCovered, int groupsMatched) {
        public boolean complete() {
            return stop == Stop.NONE;
        }
    }

    /** Pulls every prefix within {@code budget} bytes (what is left of the account's cap across its regions). */
    public Outcome pull(Target target, Instant start, Instant end, long budget, Sink sink) {
        int emitted = 0;
        long scanned = 0;
        int covered = 0;
        int matched = 0;
        Stop stop = Stop.NONE;
        List<List<String>> byPrefix = new ArrayList<>();
        for (String prefix : config.prefixes()) {
            List<String> groups = groups(target, prefix);
            byPrefix.add(groups);
            matched += groups.size();
        }
        for (int p = 0; p < byPrefix.size() && stop == Stop.NONE; p++) {
            List<String> groups = byPrefix.get(p);
            Map<Instant, Long> counts = new TreeMap<>();
            long bytes = 0;
            for (int from = 0; from < groups.size(); from += MAX_GROUPS_PER_QUERY) {
                var batch = groups.subList(from, Math.min(groups.size(), from + MAX_GROUPS_PER_QUERY));
                var r = query(target, batch, start, end, budget - scanned);
                scanned += r.bytes;
                bytes += r.bytes;
                if (r.stop != Stop.NONE) {
                    stop = r.stop; // a prefix is published whole or not at all: partial counts would read as fewer
                    // errors
                    break;
                }
                r.counts.forEach((bin, n) -> counts.merge(bin, n, Long::sum));
            }
            if (stop == Stop.NONE && !groups.isEmpty()) {
                emitted += emit(target, config.prefixes().get(p), start, end, counts, bytes, sink);
                covered += groups.size();
            }
        }
        return new Outcome(emitted, scanned, stop, covered, matched);
    }

    private List<String> groups(Target target, String prefix) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            var r = apis.describeLogGroups.call(
                    target,
                    DescribeLogGroupsRequest.builder()
                            .logGroupNamePrefix(prefix)
                            .nextToken(token)
                            .build());
            for (LogGroup g : r.logGroups()) {
                names.add(g.logGroupName());
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return names;
    }

    private record QueryResult(Map<Instant, Long> counts, long bytes, Stop stop) {}

    private QueryResult query(Target target, List<String> groups, Instant start, Instant end, long remaining) {
        String pattern = SAFE.matcher(config.errorPattern()).replaceAll("");
        String id = apis.startQuery
                .call(
                        target,
                        StartQueryRequest.builder()
                                .logGroupNames(groups)
                                .startTime(start.getEpochSecond())
                                .endTime(end.getEpochSecond() - 1)
                                .queryString("filter @message like /" + pattern + "/ | stats count(*) as errors by bin("
                                        + BIN_SECONDS / 60 + "m)")
                                .build())
                .queryId();
        Instant give = Instant.now().plus(config.queryTimeout());
        while (true) {
            GetQueryResultsResponse r = apis.getQueryResults.call(
                    target, GetQueryResultsRequest.builder().queryId(id).build());
            long bytes = r.statistics() == null || r.statistics().bytesScanned() == null
                    ? 0
                    : r.statistics().bytesScanned().longValue();
            QueryStatus status = r.status();
            boolean done = status == QueryStatus.COMPLETE;
            boolean capped = bytes > remaining;
            if (capped || (!done && Instant.now().isAfter(give))) {
                if (!done) {
                    apis.stopQuery.call(
                            target, StopQueryRequest.builder().queryId(id).build());
                }
                target.ledger().units(Apis.GET_QUERY_RESULTS, bytes);
                return new QueryResult(null, bytes, capped ? Stop.BYTE_CAP : Stop.TIMEOUT);
            }
            if (done) {
                target.ledger().units(Apis.GET_QUERY_RESULTS, bytes);
                return new QueryResult(counts(r.results()), bytes, Stop.NONE);
            }
            if (status == QueryStatus.FAILED || status == QueryStatus.CANCELLED || status == QueryStatus.TIMEOUT) {
                target.ledger().units(Apis.GET_QUERY_RESULTS, bytes);
                if (status == QueryStatus.TIMEOUT) {
                    return new QueryResult(null, bytes, Stop.TIMEOUT);
                }
                throw new IllegalStateException("Logs Insights query " + id + " ended " + status);
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while polling Logs Insights query " + id, e);
            }
        }
    }

    static Map<Instant, Long> counts(List<List<ResultField>> rows) {
        Map<Instant, Long> out = new TreeMap<>();
        for (List<ResultField> row : rows) {
            Instant bin = null;
            long count = 0;
            for (ResultField f : row) {
                if (f.field() == null || f.value() == null) {
                    continue;
                }
                if (f.field().startsWith("bin(")) {
                    bin = LocalDateTime.parse(f.value().strip(), BIN_FORMAT).toInstant(ZoneOffset.UTC);
                } else if (f.field().equals("errors")) {
                    count = (long) Double.parseDouble(f.value());
                }
            }
            if (bin != null) {
                out.merge(bin, count, Long::sum);
            }
        }
        return out;
    }

    private int emit(
            Target t, String prefix, Instant start, Instant end, Map<Instant, Long> counts, long bytes, Sink sink) {
        int emitted = 0;
        long bins = Math.max(1, Duration.between(start, end).toSeconds() / BIN_SECONDS);
        String key = t.account().value() + '|' + t.region() + "|logs|" + prefix;
        // bins with no match are absent from the result: they are explicit zeros, not unknowns
        for (Instant bin = start; bin.isBefore(end); bin = bin.plusSeconds(BIN_SECONDS)) {
            long count = counts.getOrDefault(bin, 0L);
            if (ledger.firstTime(key, bin, count)) {
                long share = bytes / bins + (bin.equals(start) ? bytes % bins : 0);
                sink.log(new LogSignal(t.account(), t.region(), prefix, bin, BIN_SECONDS, count, share));
                emitted++;
            }
        }
        return emitted;
    }
}
