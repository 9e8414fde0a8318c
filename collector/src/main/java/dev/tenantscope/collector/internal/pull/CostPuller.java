package dev.tenantscope.collector.internal.pull;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.costexplorer.model.Context;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.DimensionValues;
import software.amazon.awssdk.services.costexplorer.model.DimensionValuesWithAttributes;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.GetDimensionValuesRequest;
import software.amazon.awssdk.services.costexplorer.model.GetDimensionValuesResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * The organisation's cost from Cost Explorer through the payer, DAILY, every basis in one request (the five
 * metrics together). Cost Explorer groups by at most two keys, so lines are grouped by LINKED_ACCOUNT × SERVICE,
 * one query filtered to each RECORD_TYPE present in the window (found with GetDimensionValues): each line keeps
 * its record type. $0.01 per page. Every page's lines are published as the page arrives, all with the pull's one
 * {@code retrievedAt}; a page that fails (after its retries) leaves the pull pending, and the next call resumes at
 * that page — the pages already paid for are not read again. After the last page, one {@link CostPullCompleted}
 * per account covered. A window is re-pulled in full each time (Cost Explorer restates recent days, and a line a
 * pull does not send again is zeroed downstream).
 */
public final class CostPuller {
    private static final List<String> METRICS =
            Arrays.stream(CostBasis.values()).map(CostBasis::metric).toList();
    private final Apis apis;
    private final CollectorConfig.Cost config;
    private final Map<Scope, Pull> pending = new HashMap<>(); // guarded by this

    /**
     * What one pull reads: days {@code [from, until)} of the whole organisation, or of one account (the backfill
     * of a newly registered account).
     */
    public record Scope(LocalDate from, LocalDate until, AccountId account) {
        public Scope {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException(
                        "cost scope: until (" + until + ") must be after from (" + from + ")");
            }
        }

        @Override
        public String toString() {
            return "[" + from + ", " + until + ")" + (account == null ? "" : " of " + account.value());
        }
    }

    /** What a call did: pages and lines of this call; {@code completed} when the pull reached its last page. */
    public record Result(boolean completed, long pages, long lines, int accounts) {}

    /** A pull in progress; survives a failed page. */
    private static final class Pull {
        final Scope scope;
        final Instant retrievedAt;
        final Set<AccountId> covered = new TreeSet<>();
        List<String> recordTypes; // null until GetDimensionValues answered
        String dimensionToken;
        int query;
        String token;

        Pull(Scope scope, Instant retrievedAt) {
            this.scope = scope;
            this.retrievedAt = retrievedAt;
        }
    }

    public CostPuller(Apis apis, CollectorConfig.Cost config) {
        this.apis = apis;
        this.config = config;
    }

    /**
     * First day (inclusive) and last day (exclusive) re-pulled on {@code today}: the trailing days, the month to
     * date when {@code monthToDate}, and the whole previous month while AWS may still add to it ({@link
     * CollectorConfig.Cost#repullsPreviousMonth}).
     */
    public LocalDate[] window(LocalDate today, boolean monthToDate) {
        LocalDate start = today.minusDays(config.trailingDays());
        if (monthToDate && today.withDayOfMonth(1).isBefore(start)) {
            start = today.withDayOfMonth(1);
        }
        LocalDate previousMonth = today.withDayOfMonth(1).minusMonths(1);
        if (config.repullsPreviousMonth(today) && previousMonth.isBefore(start)) {
            start = previousMonth;
        }
        return new LocalDate[] {start, today.plusDays(1)};
    }

    /** The regular pull of {@code today}: the trailing window of the whole organisation (see {@link #window}). */
    public Scope regular(LocalDate today, boolean monthToDate) {
        LocalDate[] w = window(today, monthToDate);
        return new Scope(w[0], w[1], null);
    }

    /**
     * Whether the regular pull of {@code today} reaches back to the 1st, given the day of the last one that did
     * (null: none since start — the first pull does).
     */
    public boolean monthToDateDue(LocalDate today, LocalDate lastMonthToDate) {
        int every = config.monthToDateEvery();
        return every > 0 && (lastMonthToDate == null || !today.isBefore(lastMonthToDate.plusDays(every)));
    }

    /** Some pull stopped at a failed page and waits to be resumed. */
    public synchronized boolean pending() {
        return !pending.isEmpty();
    }

    public synchronized boolean pending(Scope scope) {
        return pending.containsKey(scope);
    }

    /**
     * Pulls {@code scope} — or resumes its pending pull at the failed page — publishing each page's lines as it
     * arrives. Throws the SDK's exception when a page fails; what was published stays published.
     *
     * @param fleet registered accounts covered by an organisation-wide pull, with or without lines
     */
    public synchronized Result pull(Target target, Scope scope, Instant now, Collection<AccountId> fleet, Sink sink) {
        Pull p = pending.computeIfAbsent(scope, s -> new Pull(s, now));
        if (p.scope.account() != null) {
            p.covered.add(p.scope.account());
        }
        long[] pages = {0};
        long lines = 0;
        if (p.recordTypes == null) {
            recordTypes(target, p, pages);
        }
        while (p.query < p.recordTypes.size()) {
            GetCostAndUsageResponse r = apis.getCostAndUsage.call(target, request(p));
            pages[0]++;
            lines += publish(r, p, p.recordTypes.get(p.query), sink);
            p.token = blankToNull(r.nextPageToken());
            if (p.token == null) {
                p.query++;
            }
        }
        if (p.scope.account() == null) {
            p.covered.addAll(fleet);
        }
        sink.flush(); // every line acknowledged before the completions that say what the pull covered
        for (AccountId account : p.covered) {
            sink.costPulled(new CostPullCompleted(account, scope.from(), scope.until(), p.retrievedAt));
        }
        pending.remove(scope);
        return new Result(true, pages[0], lines, p.covered.size());
    }

    /** The RECORD_TYPE values with cost in the scope: one filtered query each. */
    private void recordTypes(Target target, Pull p, long[] pages) {
        List<String> found = new ArrayList<>();
        do {
            GetDimensionValuesRequest.Builder q = GetDimensionValuesRequest.builder()
                    .timePeriod(period(p.scope))
                    .dimension(Dimension.RECORD_TYPE)
                    .context(Context.COST_AND_USAGE)
                    .nextPageToken(p.dimensionToken);
            if (p.scope.account() != null) {
                q.filter(is(Dimension.LINKED_ACCOUNT, p.scope.account().value()));
            }
            GetDimensionValuesResponse r = apis.getDimensionValues.call(target, q.build());
            pages[0]++;
            r.dimensionValues().stream()
                    .map(DimensionValuesWithAttributes::value)
                    .forEach(found::add);
            p.dimensionToken = blankToNull(r.nextPageToken());
        } while (p.dimensionToken != null);
        p.recordTypes = List.copyOf(new TreeSet<>(found));
    }

    private static GetCostAndUsageRequest request(Pull p) {
        Expression filter = is(Dimension.RECORD_TYPE, p.recordTypes.get(p.query));
        if (p.scope.account() != null) {
            filter = Expression.builder()
                    .and(filter, is(Dimension.LINKED_ACCOUNT, p.scope.account().value()))
                    .build();
        }
        return GetCostAndUsageRequest.builder()
                .timePeriod(period(p.scope))
                .granularity(Granularity.DAILY)
                .metrics(METRICS)
                .groupBy(group("LINKED_ACCOUNT"), group("SERVICE"))
                .filter(filter)
                .nextPageToken(p.token)
                .build();
    }

    private static long publish(GetCostAndUsageResponse r, Pull p, String recordType, Sink sink) {
        long lines = 0;
        for (ResultByTime day : r.resultsByTime()) {
            LocalDate date = LocalDate.parse(day.timePeriod().start());
            boolean estimated = Boolean.TRUE.equals(day.estimated());
            for (Group g : day.groups()) {
                AccountId account = AccountId.of(g.keys().get(0));
                p.covered.add(account);
                CostAmounts amounts = amounts(g.metrics());
                if (amounts == null) {
                    continue;
                }
                sink.cost(new CostLine(
                        account, date, g.keys().get(1), "", recordType, amounts, estimated, p.retrievedAt));
                lines++;
            }
        }
        return lines;
    }

    /** Every basis of a group; null when Cost Explorer left the unblended amount out. */
    static CostAmounts amounts(Map<String, MetricValue> metrics) {
        Money unblended = money(metrics.get(CostBasis.UNBLENDED.metric()), null);
        if (unblended == null) {
            return null;
        }
        return new CostAmounts(
                unblended,
                money(metrics.get(CostBasis.NET_UNBLENDED.metric()), unblended),
                money(metrics.get(CostBasis.AMORTIZED.metric()), unblended),
                money(metrics.get(CostBasis.NET_AMORTIZED.metric()), unblended),
                money(metrics.get(CostBasis.BLENDED.metric()), unblended));
    }

    /** A metric's amount; {@code fallback} (the unblended amount) when Cost Explorer left this basis out. */
    private static Money money(MetricValue v, Money fallback) {
        if (v == null || v.amount() == null) {
            return fallback;
        }
        return new Money(Money.parse("Amount", v.amount()), v.unit() == null ? Money.USD : v.unit());
    }

    private static DateInterval period(Scope s) {
        return DateInterval.builder()
                .start(s.from().toString())
                .end(s.until().toString())
                .build();
    }

    private static Expression is(Dimension key, String value) {
        return Expression.builder()
                .dimensions(DimensionValues.builder().key(key).values(value).build())
                .build();
    }

    private static String blankToNull(String token) {
        return token == null || token.isEmpty() ? null : token;
    }

    private static GroupDefinition group(String key) {
        return GroupDefinition.builder()
                .type(GroupDefinitionType.DIMENSION)
                .key(key)
                .build();
    }
}
