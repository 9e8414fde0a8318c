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
 * Error counts per log group prefix and 5-minute bin with Logs Insights (billed per byte scanned). A query that
 * passes the account's remaining byte cap is stopped and its partial counts dropped: the cap is hard.
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

    /** Result of one account-region pull: signals emitted and whether the byte cap cut a query short. */
    public record Outcome(int emitted, long bytesScanned, boolean capped) {}

    public Outcome pull(Target target, Instant start, Instant end, Sink sink) {
        long budget = config.maxBytesPerAccountInterval();
        int emitted = 0;
        long scanned = 0;
        boolean capped = false;
        for (String prefix : config.prefixes()) {
            List<String> groups = groups(target, prefix);
            if (groups.isEmpty()) {
                continue;
            }
            var r = query(target, groups, start, end, budget - scanned);
            scanned += r.bytes;
            if (r.counts == null) {
                capped = true;
                break;
            }
            emitted += emit(target, prefix, start, end, r.counts, r.bytes, sink);
        }
        return new Outcome(emitted, scanned, capped);
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
                if (names.size() < MAX_GROUPS_PER_QUERY) {
                    names.add(g.logGroupName());
                }
            }
            token = names.size() < MAX_GROUPS_PER_QUERY ? r.nextToken() : null;
        } while (token != null && !token.isEmpty());
        return names;
    }

    private record QueryResult(Map<Instant, Long> counts, long bytes) {}

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
            if (bytes > remaining || (!done && Instant.now().isAfter(give))) {
                if (!done) {
                    apis.stopQuery.call(
                            target, StopQueryRequest.builder().queryId(id).build());
                }
                target.ledger().units(Apis.GET_QUERY_RESULTS, bytes);
                return new QueryResult(null, bytes);
            }
            if (done) {
                target.ledger().units(Apis.GET_QUERY_RESULTS, bytes);
                return new QueryResult(counts(r.results()), bytes);
            }
            if (status == QueryStatus.FAILED || status == QueryStatus.CANCELLED || status == QueryStatus.TIMEOUT) {
                target.ledger().units(Apis.GET_QUERY_RESULTS, bytes);
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
