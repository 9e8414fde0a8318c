package dev.tenantscope.collector.internal.pull;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * The organisation's cost from Cost Explorer through the payer, DAILY, grouped by LINKED_ACCOUNT × SERVICE, $0.01
 * per page. Every page's lines are published as the page arrives, all with the pull's one {@code retrievedAt}; a
 * page that fails (after its retries) leaves the pull pending, and the next call resumes at that page — the pages
 * already paid for are not read again. After the last page, one {@link CostPullCompleted} per account covered.
 * The trailing window is re-pulled in full each time (Cost Explorer restates recent days, and a line a pull does
 * not send again is zeroed downstream).
 */
public final class CostPuller {
    private final Apis apis;
    private final CollectorConfig.Cost config;
    private Pull pending; // guarded by this

    /** What a call did: pages and lines of this call; {@code completed} when the pull reached its last page. */
    public record Result(boolean completed, long pages, long lines, int accounts) {}

    /** A pull in progress; survives a failed page. */
    private static final class Pull {
        final LocalDate from;
        final LocalDate until;
        final Instant retrievedAt;
        final Set<AccountId> covered = new TreeSet<>();
        String token;

        Pull(LocalDate from, LocalDate until, Instant retrievedAt) {
            this.from = from;
            this.until = until;
            this.retrievedAt = retrievedAt;
        }
    }

    public CostPuller(Apis apis, CollectorConfig.Cost config) {
        this.apis = apis;
        this.config = config;
    }

    /** First day (inclusive) and last day (exclusive) re-pulled on {@code today}. */
    public LocalDate[] window(LocalDate today) {
        LocalDate start = today.minusDays(config.trailingDays());
        if (config.monthToDate() && today.withDayOfMonth(1).isBefore(start)) {
            start = today.withDayOfMonth(1);
        }
        return new LocalDate[] {start, today.plusDays(1)};
    }

    /** A pull stopped at a failed page and waits to be resumed. */
    public synchronized boolean pending() {
        return pending != null;
    }

    /**
     * Pulls the window of {@code today} — or resumes the pending pull at its failed page — publishing each page's
     * lines as it arrives. Throws the SDK's exception when a page fails; what was published stays published.
     *
     * @param fleet registered accounts: each is covered by the pull, with or without lines
     */
    public synchronized Result pull(
            Target target, LocalDate today, Instant now, Collection<AccountId> fleet, Sink sink) {
        if (pending == null) {
            LocalDate[] w = window(today);
            pending = new Pull(w[0], w[1], now);
        }
        Pull p = pending;
        long pages = 0;
        long lines = 0;
        do {
            GetCostAndUsageResponse r = apis.getCostAndUsage.call(target, request(p));
            pages++;
            lines += publish(r, p, sink);
            p.token = r.nextPageToken() == null || r.nextPageToken().isEmpty() ? null : r.nextPageToken();
        } while (p.token != null);
        p.covered.addAll(fleet);
        sink.flush(); // every line acknowledged before the completions that say what the pull covered
        for (AccountId account : p.covered) {
            sink.costPulled(new CostPullCompleted(account, p.from, p.until, p.retrievedAt));
        }
        pending = null;
        return new Result(true, pages, lines, p.covered.size());
    }

    private GetCostAndUsageRequest request(Pull p) {
        return GetCostAndUsageRequest.builder()
                .timePeriod(DateInterval.builder()
                        .start(p.from.toString())
                        .end(p.until.toString())
                        .build())
                .granularity(Granularity.DAILY)
                .metrics(config.metric())
                .groupBy(group("LINKED_ACCOUNT"), group("SERVICE"))
                .nextPageToken(p.token)
                .build();
    }

    private long publish(GetCostAndUsageResponse r, Pull p, Sink sink) {
        long lines = 0;
        for (ResultByTime day : r.resultsByTime()) {
            LocalDate date = LocalDate.parse(day.timePeriod().start());
            boolean estimated = Boolean.TRUE.equals(day.estimated());
            for (Group g : day.groups()) {
                AccountId account = AccountId.of(g.keys().get(0));
                p.covered.add(account);
                MetricValue v = g.metrics().get(config.metric());
                if (v == null || v.amount() == null) {
                    continue;
                }
                Money amount = new Money(Money.parse("Amount", v.amount()), v.unit() == null ? Money.USD : v.unit());
                sink.cost(new CostLine(
                        account,
                        date,
                        g.keys().get(1),
                        "",
                        CostLine.USAGE,
                        CostAmounts.same(amount),
                        estimated,
                        p.retrievedAt));
                lines++;
            }
        }
        return lines;
    }

    private static GroupDefinition group(String key) {
        return GroupDefinition.builder()
                .type(GroupDefinitionType.DIMENSION)
                .key(key)
                .build();
    }
}
