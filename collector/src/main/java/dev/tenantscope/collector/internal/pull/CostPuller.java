package dev.tenantscope.collector.internal.pull;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.CostLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
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
 * Cost from Cost Explorer, DAILY, grouped by LINKED_ACCOUNT × SERVICE (payer mode: one paginated pull for the
 * whole organisation, $0.01 per page). The trailing window is re-pulled because CE restates recent days; a day
 * of an account is emitted again — all its lines — only when any line of it changed, so unchanged days cost no
 * records and a restated day replaces the earlier one downstream.
 */
public final class CostPuller {
    private final Apis apis;
    private final CollectorConfig.Cost config;
    // account|day → digest of that day's lines as last emitted
    private final Map<String, Long> emitted = new ConcurrentHashMap<>();

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

    /**
     * Pulls the window and emits changed days of the accounts {@code owned} accepts.
     *
     * @param target the payer (management) account
     * @return lines emitted
     */
    public int pull(Target target, LocalDate today, Instant now, Predicate<AccountId> owned, Sink sink) {
        LocalDate[] w = window(today);
        Map<String, List<CostLine>> days = new TreeMap<>();
        String token = null;
        do {
            GetCostAndUsageRequest.Builder q = GetCostAndUsageRequest.builder()
                    .timePeriod(DateInterval.builder()
                            .start(w[0].toString())
                            .end(w[1].toString())
                            .build())
                    .granularity(Granularity.DAILY)
                    .metrics(config.metric())
                    .nextPageToken(token);
            q = q.groupBy(group("LINKED_ACCOUNT"), group("SERVICE"));
            GetCostAndUsageResponse r = apis.getCostAndUsage.call(target, q.build());
            for (ResultByTime day : r.resultsByTime()) {
                LocalDate date = LocalDate.parse(day.timePeriod().start());
                boolean estimated = Boolean.TRUE.equals(day.estimated());
                for (Group g : day.groups()) {
                    AccountId account = AccountId.of(g.keys().get(0));
                    if (!owned.test(account)) {
                        continue;
                    }
                    String service = g.keys().get(1);
                    MetricValue v = g.metrics().get(config.metric());
                    if (v == null || v.amount() == null) {
                        continue;
                    }
                    Money amount =
                            new Money(Money.parse("Amount", v.amount()), v.unit() == null ? Money.USD : v.unit());
                    days.computeIfAbsent(account.value() + '|' + date, k -> new ArrayList<>())
                            .add(new CostLine(account, date, service, "", amount, estimated, now));
                }
            }
            token = r.nextPageToken();
        } while (token != null && !token.isEmpty());
        int count = 0;
        for (var e : days.entrySet()) {
            long digest = digest(e.getValue());
            Long previous = emitted.put(e.getKey(), digest);
            if (previous == null || previous != digest) {
                e.getValue().forEach(sink::cost);
                count += e.getValue().size();
            }
        }
        prune(w[0]);
        return count;
    }

    private void prune(LocalDate first) {
        String cutoff = first.toString();
        emitted.keySet().removeIf(k -> k.substring(k.indexOf('|') + 1).compareTo(cutoff) < 0);
    }

    private static long digest(List<CostLine> lines) {
        long h = 1125899906842597L;
        for (CostLine l : lines.stream()
                .sorted((a, b) -> a.service().compareTo(b.service()))
                .toList()) {
            h = 31 * h + l.service().hashCode();
            h = 31 * h + l.amount().amount().stripTrailingZeros().hashCode();
            h = 31 * h + l.amount().currency().hashCode();
            h = 31 * h + (l.estimated() ? 1 : 0);
        }
        return h;
    }

    private static GroupDefinition group(String key) {
        return GroupDefinition.builder()
                .type(GroupDefinitionType.DIMENSION)
                .key(key)
                .build();
    }
}
