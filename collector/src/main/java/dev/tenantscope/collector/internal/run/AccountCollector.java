package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import dev.tenantscope.collector.internal.aws.ApiId;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.CredentialCache;
import dev.tenantscope.collector.internal.aws.Credentials;
import dev.tenantscope.collector.internal.aws.ErrorClass;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.collector.internal.pull.LogsPuller;
import dev.tenantscope.collector.internal.pull.MetricsPuller;
import dev.tenantscope.collector.internal.pull.QuotasPuller;
import dev.tenantscope.collector.internal.pull.QuotasPuller.QuotaDef;
import dev.tenantscope.collector.internal.pull.SeriesLedger;
import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.ApiUsage;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.events.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects one account: assume the role, then per region one batched GetMetricData for the due metric sets and
 * quota usage, quota values, and log error counts. Every failure becomes a {@link CollectionResult.Failed}; the
 * run record says what it cost.
 */
public final class AccountCollector implements AccountCollection {
    private static final double HOT_ERROR_RATIO = 0.02;
    // last seen max quota utilisation by account/region, and invocations by account (from standard pulls)
    private final Map<String, Double> utilisation = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Double> invocations = new java.util.concurrent.ConcurrentHashMap<>();
    // by account/region, the end of the last complete log pull: the next query scans from there (less the
    // overlap), not the whole longest due interval again, since Insights bills every byte scanned
    private final Map<String, Instant> logsThrough = new java.util.concurrent.ConcurrentHashMap<>();
    private final CollectorConfig config;
    private final CredentialCache credentials;
    private final MetricsPuller metrics;
    private final QuotasPuller quotas;
    private final LogsPuller logs;
    private final SeriesLedger quotaLedger;
    private final Pricer pricer;
    private final RegionFinder regionFinder;
    private final Clock dataClock;
    private final Clock wallClock;

    public AccountCollector(
            CollectorConfig config,
            CredentialCache credentials,
            MetricsPuller metrics,
            QuotasPuller quotas,
            LogsPuller logs,
            Pricer pricer,
            RegionFinder regionFinder,
            Clock dataClock,
            Clock wallClock) {
        this.config = config;
        this.credentials = credentials;
        this.metrics = metrics;
        this.quotas = quotas;
        this.logs = logs;
        this.quotaLedger = new SeriesLedger(Duration.ofHours(2));
        this.pricer = pricer;
        this.regionFinder = regionFinder;
        this.dataClock = dataClock;
        this.wallClock = wallClock;
    }

    @Override
    public AccountOutcome collect(
            AccountRegistration reg,
            Set<Signal> due,
            Duration lookback,
            List<ApiUsage> shared,
            Instant deadline,
            Sink sink) {
        Instant started = wallClock.instant();
        Instant now = dataClock.instant();
        RunLedger ledger = new RunLedger();
        List<CollectionResult> results = new ArrayList<>();
        Seen seen = new Seen();
        int records = 0;
        String firstRegion = reg.regions().get(0);
        Credentials creds = credentials.forAccount(reg.account(), firstRegion, ledger, deadline);
        try {
            credentials.session(reg.account(), firstRegion, ledger, deadline);
        } catch (RuntimeException e) {
            results.add(failed(reg, firstRegion, Apis.ASSUME_ROLE, e));
            return finish(reg, started, ledger, results, shared, seen, 0);
        }
        RegionFinder.Found found =
                regionFinder.regions(reg, new Target(reg.account(), firstRegion, creds, ledger, deadline));
        if (found.failure() != null) {
            results.add(failed(reg, RegionFinder.HOME, Apis.LIST_REGIONS, found.failure()));
        }
        List<String> regions = found.regions();
        Instant end = floor(now, 60);
        Instant start = floor(end.minus(lookback).minus(config.metrics().overlap()), 300);
        // the byte cap is per account and interval: every region draws on the same budget
        long[] logBudget = {config.logs().maxBytesPerAccountInterval()};
        for (String region : regions) {
            Target t = new Target(reg.account(), region, creds, ledger, deadline);
            records += pullMetrics(t, region.equals(regions.get(0)), due, start, end, now, results, seen, sink);
            if (due.contains(Signal.ALERT) && config.logs().mode() == CollectorConfig.LogsMode.INSIGHTS) {
                records += pullLogs(t, start, now, logBudget, results, seen, sink);
            }
        }
        return finish(reg, started, ledger, results, shared, seen, records);
    }

    private int pullLogs(
            Target t, Instant start, Instant now, long[] budget, List<CollectionResult> results, Seen seen, Sink sink) {
        try {
            Instant logEnd = floor(now, LogsPuller.BIN_SECONDS);
            Instant logStart = floor(start, LogsPuller.BIN_SECONDS);
            String key = t.account().value() + '/' + t.region();
            Instant through = logsThrough.get(key);
            if (through != null) {
                Instant resume = floor(through.minus(config.metrics().overlap()), LogsPuller.BIN_SECONDS);
                if (resume.isAfter(logStart) && resume.isBefore(logEnd)) {
                    logStart = resume;
                }
            }
            var o = logs.pull(t, logStart, logEnd, budget[0], sink);
            budget[0] = Math.max(0, budget[0] - o.bytesScanned());
            seen.logGroups.merge(t.region(), o.groupsCovered(), Integer::sum);
            switch (o.stop()) {
                case NONE -> {
                    logsThrough.put(key, logEnd);
                    seen.coverage.add(Coverage.logs(t.region(), logStart, settled(logStart, logEnd)));
                    results.add(new CollectionResult.Collected(t.account(), t.region(), Apis.START_QUERY, o.emitted()));
                }
                case BYTE_CAP ->
                    results.add(new CollectionResult.Failed(
                            t.account(),
                            t.region(),
                            Apis.START_QUERY,
                            ErrorClass.CLIENT_ERROR,
                            "ByteCapReached",
                            "Logs Insights stopped at the per-account byte cap of "
                                    + config.logs().maxBytesPerAccountInterval() + " bytes (all regions) after "
                                    + o.groupsCovered() + " of " + o.groupsMatched()
                                    + " log groups; raise logs.maxBytesPerAccountInterval"));
                case TIMEOUT ->
                    results.add(new CollectionResult.Failed(
                            t.account(),
                            t.region(),
                            Apis.START_QUERY,
                            ErrorClass.TIMEOUT,
                            "QueryTimeout",
                            "a Logs Insights query ran past logs.queryTimeout ("
                                    + config.logs().queryTimeout() + ") after " + o.groupsCovered() + " of "
                                    + o.groupsMatched() + " log groups"));
            }
            return o.emitted();
        } catch (RuntimeException e) {
            results.add(failed(t.account(), t.region(), Apis.START_QUERY, e));
            return 0;
        }
    }

    /** The account moved to another instance: its log window restarts from the full lookback there. */
    public void forget(dev.tenantscope.model.AccountId account) {
        regionFinder.forget(account);
        logsThrough.keySet().removeIf(k -> k.startsWith(account.value() + '/'));
        utilisation.keySet().removeIf(k -> k.startsWith(account.value() + '/'));
        invocations.remove(account.value());
    }

    /** What the pulls saw; decides activity and the planner's unit counts. */
    private static final class Seen {
        boolean active;
        boolean quotaHot;
        double alertSum;
        double invocations = -1;
        int alertMetrics;
        int standardMetrics;
        /** Per metric and region, what each successful pull covered (the run's {@code coverage}). */
        final List<Coverage> coverage = new ArrayList<>();
        /** Log groups the error counts covered, per region. */
        final Map<String, Integer> logGroups = new TreeMap<>();
    }

    private int pullMetrics(
            Target t,
            boolean home,
            Set<Signal> due,
            Instant start,
            Instant end,
            Instant now,
            List<CollectionResult> results,
            Seen seen,
            Sink sink) {
        List<MetricSpec> specs = new ArrayList<>();
        if (due.contains(Signal.ALERT)) {
            specs.addAll(config.metrics().alert());
        }
        final int alerts = specs.size();
        if (due.contains(Signal.STANDARD)) {
            specs.addAll(config.metrics().standard());
        }
        String utilKey = t.account().value() + '/' + t.region();
        // quota usage rides the alert pull only when the quota is getting close (or unknown)
        boolean usageWithAlert =
                utilisation.getOrDefault(utilKey, 1.0) >= config.quotas().alertAbove();
        boolean pullUsage = config.quotas().enabled()
                && (due.contains(Signal.STANDARD) || (due.contains(Signal.ALERT) && usageWithAlert));
        List<QuotaDef> quotaDefs = List.of();
        boolean listedNow = false;
        if (pullUsage) {
            try {
                var listing = quotas.quotas(t, now);
                quotaDefs = listing.quotas();
                listedNow = listing.fresh();
                results.add(new CollectionResult.Collected(
                        t.account(), t.region(), Apis.LIST_SERVICE_QUOTAS, quotaDefs.size()));
            } catch (RuntimeException e) {
                results.add(failed(t.account(), t.region(), Apis.LIST_SERVICE_QUOTAS, e));
                quotaDefs =
                        quotas.lastListing(t).map(QuotasPuller.Listing::quotas).orElse(List.of());
            }
        }
        if (!home) {
            // a GlobalQuota is the same in every region: reported once, from the account's first region
            quotaDefs = quotaDefs.stream().filter(q -> !q.global()).toList();
        }
        int quotaFrom = specs.size();
        List<QuotaDef> withUsage =
                quotaDefs.stream().filter(q -> q.usage() != null).toList();
        withUsage.forEach(q -> specs.add(q.usage()));
        if (specs.isEmpty()) {
            return 0;
        }
        seen.alertMetrics += alerts;
        seen.standardMetrics += quotaFrom - alerts;
        MetricsPuller.Pulled pulled;
        try {
            pulled = metrics.pull(t, specs, start, end);
        } catch (RuntimeException e) {
            results.add(failed(t.account(), t.region(), Apis.GET_METRIC_DATA, e));
            return 0;
        }
        Map<Integer, TreeMap<Instant, Double>> points = pulled.points();
        results.addAll(resultFailures(t, specs, pulled.failed()));
        // a metric we could not read says nothing about activity: unknown must not drop the account to heartbeats
        seen.active |= !pulled.failed().isEmpty();
        List<MetricSpec> metricSpecs = specs.subList(0, quotaFrom);
        Map<Integer, TreeMap<Instant, Double>> metricPoints = new TreeMap<>();
        points.forEach((i, p) -> {
            double sum = p.values().stream().mapToDouble(Double::doubleValue).sum();
            seen.active |= sum != 0;
            if (i < alerts) {
                seen.alertSum += sum;
            } else if (i < quotaFrom && specs.get(i).metric().equals("Invocations")) {
                seen.invocations = Math.max(0, seen.invocations) + sum;
            }
            if (i < quotaFrom) {
                metricPoints.put(i, p);
            }
        });
        int emitted = metrics.emitNew(t, metricSpecs, metricPoints, sink);
        List<MetricSpec> read = new ArrayList<>();
        for (int i = 0; i < quotaFrom; i++) {
            if (!pulled.failed().containsKey(i)) {
                read.add(specs.get(i));
            }
        }
        seen.coverage.addAll(covered(t, read, start, end));
        emitted += emitQuotas(t, quotaDefs, withUsage, quotaFrom, points, listedNow, now, seen, sink);
        // priced for planning by where usage goes next time, now that its utilisation is known
        boolean usageIsAlert =
                utilisation.getOrDefault(utilKey, 1.0) >= config.quotas().alertAbove();
        if (usageIsAlert) {
            seen.alertMetrics += withUsage.size();
        } else {
            seen.standardMetrics += withUsage.size();
        }
        if (pulled.failed().size() < specs.size()) {
            results.add(new CollectionResult.Collected(t.account(), t.region(), Apis.GET_METRIC_DATA, emitted));
        }
        return emitted;
    }

    /** One failed result per StatusCode, naming the metrics it hit and CloudWatch's message. */
    private static List<CollectionResult> resultFailures(
            Target t, List<MetricSpec> specs, Map<Integer, MetricsPuller.ResultFailure> failed) {
        Map<String, List<Integer>> byStatus = new TreeMap<>();
        failed.forEach((i, f) ->
                byStatus.computeIfAbsent(f.statusCode(), k -> new ArrayList<>()).add(i));
        List<CollectionResult> out = new ArrayList<>();
        byStatus.forEach((status, idx) -> {
            idx.sort(null);
            String names = idx.stream()
                    .map(i -> specs.get(i).namespace() + "/" + specs.get(i).metric())
                    .distinct()
                    .limit(5)
                    .collect(java.util.stream.Collectors.joining(", "));
            String message = idx.size() + " of " + specs.size() + " metrics (" + names + (idx.size() > 5 ? ", …" : "")
                    + "): " + failed.get(idx.get(0)).message();
            ErrorClass error = switch (status) {
                case "Forbidden" -> ErrorClass.ACCESS_DENIED;
                case "InternalError" -> ErrorClass.SERVER_ERROR;
                default -> ErrorClass.OTHER;
            };
            out.add(new CollectionResult.Failed(t.account(), t.region(), Apis.GET_METRIC_DATA, error, status, message));
        });
        return out;
    }

    private int emitQuotas(
            Target t,
            List<QuotaDef> all,
            List<QuotaDef> withUsage,
            int from,
            Map<Integer, TreeMap<Instant, Double>> points,
            boolean listedNow,
            Instant now,
            Seen seen,
            Sink sink) {
        int emitted = 0;
        double maxUtil = 0;
        for (QuotaDef q : all) {
            int idx = withUsage.indexOf(q);
            TreeMap<Instant, Double> p = idx < 0 ? null : points.get(from + idx);
            Double usage =
                    p == null || p.isEmpty() ? null : q.normalise(p.lastEntry().getValue());
            Instant ts = p == null || p.isEmpty() ? now : p.lastKey();
            String key = t.account().value() + '|' + t.region() + "|quota|" + q.serviceCode() + '|' + q.quotaCode();
            boolean changed = quotaLedger.firstTime(key, ts, usage == null ? q.value() : usage * 1e9 + q.value());
            if (usage != null && q.value() > 0) {
                double util = usage / q.value();
                maxUtil = Math.max(maxUtil, util);
                // one threshold for every role: the quota that opens a warn alert makes the account hot
                seen.quotaHot |= util >= config.alerts().quota().warnAt();
            }
            if (listedNow || changed) {
                sink.quota(new QuotaSample(
                        t.account(),
                        t.region(),
                        q.serviceCode(),
                        q.quotaCode(),
                        q.name(),
                        q.value(),
                        usage,
                        ts,
                        q.periodSeconds() > 0 ? q.periodSeconds() : null));
                emitted++;
            }
        }
        if (!withUsage.isEmpty()) {
            utilisation.put(t.account().value() + '/' + t.region(), maxUtil);
        }
        return emitted;
    }

    private AccountOutcome finish(
            AccountRegistration reg,
            Instant started,
            RunLedger ledger,
            List<CollectionResult> results,
            List<ApiUsage> shared,
            Seen seen,
            int records) {
        List<ApiUsage> usage = new ArrayList<>(ledger.usage(pricer));
        usage.addAll(shared);
        Money spend = RunLedger.total(usage);
        List<CollectionResult.Failed> failures = results.stream()
                .filter(r -> r instanceof CollectionResult.Failed)
                .map(r -> (CollectionResult.Failed) r)
                .toList();
        RunStatus status;
        String reason = "";
        if (failures.isEmpty()) {
            status = RunStatus.OK;
        } else {
            CollectionResult.Failed first = failures.get(0);
            reason = first.reason();
            boolean assumeFailed = first.api().equals(Apis.ASSUME_ROLE);
            if (assumeFailed && first.error() == ErrorClass.ACCESS_DENIED) {
                status = RunStatus.UNOBSERVABLE;
            } else if (assumeFailed || failures.size() == results.size()) {
                status = RunStatus.FAILED;
            } else {
                status = RunStatus.PARTIAL;
            }
        }
        long durationMs = Math.max(0, wallClock.millis() - started.toEpochMilli());
        CollectorRun run = new CollectorRun(
                reg.account(),
                config.collectorId(),
                dataClock.instant(),
                durationMs,
                status,
                reason,
                ledger.calls(),
                ledger.throttles(),
                ledger.errorsByClass(),
                usage,
                spend,
                seen.coverage,
                seen.logGroups);
        if (seen.invocations >= 0) {
            invocations.put(reg.account().value(), seen.invocations);
        }
        double inv = invocations.getOrDefault(reg.account().value(), 0.0);
        // hot = errors and throttles well above the account's normal background, or a quota close to its limit
        boolean hot = seen.quotaHot || seen.alertSum > HOT_ERROR_RATIO * inv;
        return new AccountOutcome(
                run, List.copyOf(results), seen.active, hot, records, seen.alertMetrics, seen.standardMetrics);
    }

    private static CollectionResult.Failed failed(
            AccountRegistration reg, String region, ApiId api, RuntimeException e) {
        return failed(reg.account(), region, api, e);
    }

    private static CollectionResult.Failed failed(
            dev.tenantscope.model.AccountId account, String region, ApiId api, RuntimeException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (msg.length() > 300) {
            msg = msg.substring(0, 300);
        }
        return new CollectionResult.Failed(account, region, api, ErrorClass.of(e), ErrorClass.code(e), msg);
    }

    /**
     * What a pull of [start, end) settled, per metric: datapoints older than the metric window's overlap are
     * final (the next pull re-reads the overlap to catch the late ones, so it is where values can still change).
     */
    private List<Coverage> covered(Target t, List<MetricSpec> specs, Instant start, Instant end) {
        Instant settled = settled(start, end);
        return specs.stream()
                .map(s -> new Coverage(t.region(), s.namespace(), s.metric(), s.statistic(), start, settled))
                .distinct()
                .toList();
    }

    private Instant settled(Instant start, Instant end) {
        Instant settled = end.minus(config.metrics().overlap());
        return settled.isBefore(start) ? start : settled;
    }

    static Instant floor(Instant t, long seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
    }
}
