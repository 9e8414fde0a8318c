package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost history: a first start backfills {@code cost.backfillMonths} (13) months, newest first and paced within
 * the API budget; a restart does not pull it again; an account registered later gets its own history. On the 3rd
 * of the month, before the finalisation day, the regular pull covers last month whole (AWS may still add to it), so
 * the backfill starts with the month before. Real
 * broker, fleet-sim (13 months of daily history, like Cost Explorer) through the real SDK clients.
 */
class CostBackfillIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    static final YearMonth LAST_MONTH = YearMonth.from(TODAY).minusMonths(1);
    static final YearMonth MONTH_BEFORE = LAST_MONTH.minusMonths(1);

    @TempDir
    Path dir;

    static Set<String> ranges(Fixture f) {
        return f.read(Topics.RAW_COST_PULLS).stream()
                .filter(p -> p.until().isBefore(TODAY)) // backfill ranges end before the regular window
                .map(p -> p.from() + "/" + p.until())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String remainingGauge(Collector c) {
        return c.scrape()
                .lines()
                .filter(l -> l.startsWith("tenantscope_collector_cost_backfill_remaining"))
                .findFirst()
                .orElseThrow();
    }

    /** Latest value of every line key, summed per account under one basis for a month. */
    static Map<AccountId, BigDecimal> monthTotals(List<CostLine> lines, YearMonth month, CostBasis basis) {
        Map<String, CostLine> latest = new HashMap<>();
        lines.forEach(l -> latest.put(l.key(), l));
        Map<AccountId, BigDecimal> out = new HashMap<>();
        latest.values().stream()
                .filter(l -> YearMonth.from(l.day()).equals(month))
                .forEach(l -> out.merge(l.account(), l.amount(basis).amount(), BigDecimal::add));
        return out;
    }

    @Test
    void aFirstStartPullsLastMonthOnDayOneThenPacesTheRestWithinTheBudgetAndARestartDoesNotRepeatIt() {
        try (Fixture f = new Fixture(dir, 30, NOW)) {
            try (Collector c = Collector.open(f.config("backfill"), f.clock)) {
                c.sweepOnce();
                assertThat(f.read(Topics.RAW_COST_PULLS))
                        .as("day one: last month whole, in the regular pull")
                        .anySatisfy(p -> assertThat(p.from() + "/" + p.until())
                                .isEqualTo(LAST_MONTH.atDay(1) + "/" + TODAY.plusDays(1)));
                assertThat(ranges(f))
                        .as("and the backfill's first step: the month before (newest first)")
                        .containsExactly(MONTH_BEFORE.atDay(1) + "/" + LAST_MONTH.atDay(1));
                // last month per account equals fleet-sim's billing lines, under every basis
                List<CostLine> lines = f.read(Topics.RAW_COST);
                Instant at = f.clock.instant();
                for (CostBasis b : CostBasis.values()) {
                    Map<AccountId, BigDecimal> got = monthTotals(lines, LAST_MONTH, b);
                    assertThat(got).isNotEmpty();
                    got.forEach((account, total) -> {
                        BigDecimal truth = BigDecimal.ZERO;
                        for (LocalDate d = LAST_MONTH.atDay(1);
                                d.isBefore(LAST_MONTH.plusMonths(1).atDay(1));
                                d = d.plusDays(1)) {
                            for (var t : f.sim.truth().billingLines(account, d, at)) {
                                truth = truth.add(t.amount(b));
                            }
                        }
                        assertThat(total).as("%s %s %s", account, LAST_MONTH, b).isEqualByComparingTo(truth);
                    });
                }
                System.out.println("after the first sweep: " + remainingGauge(c));
                assertThat(remainingGauge(c)).endsWith(" 11.0");

                // paced: at the default budget the next month waits for the budget's headroom to pay for it
                c.sweepOnce();
                assertThat(ranges(f)).as("no second month in the same hour").hasSize(1);
            }
            try (Collector again = Collector.open(f.config("backfill"), f.clock)) {
                again.sweepOnce();
                assertThat(remainingGauge(again))
                        .as("a restart of an installation that has pulled before queues no backfill")
                        .endsWith(" 0.0");
                assertThat(ranges(f)).hasSize(1);
            }
        }
    }

    @Test
    void withBudgetHeadroomAllThirteenMonthsArrivePricedAndANewAccountGetsItsOwnHistory() {
        try (Fixture f = new Fixture(dir, 30, NOW)) {
            CollectorConfig config = f.config("backfill");
            var s = config.schedule();
            // the subject: a budget with room lets the backfill go one step per sweep
            config = config.withSchedule(s.withBudgetPerAccountMonth(new BigDecimal("50.00")));
            try (Collector c = Collector.open(config, f.clock)) {
                BigDecimal spend = BigDecimal.ZERO;
                int sweeps = 0;
                do {
                    spend = spend.add(c.sweepOnce().apiSpendUsd());
                    // minutes pass: with this headroom a month's pages are paid for within them
                    f.clock.advance(Duration.ofMinutes(10));
                } while (++sweeps < 14 && !remainingGauge(c).endsWith(" 0.0"));
                Set<String> months = ranges(f);
                System.out.println("backfilled " + months.size() + " ranges: " + months + "; sweeps spent $" + spend);
                assertThat(months).as("the 12 months before the regular pull's").hasSize(12);
                assertThat(months.iterator().next())
                        .as("13 months back, as far as Cost Explorer keeps daily history")
                        .startsWith(
                                YearMonth.from(TODAY).minusMonths(13).atDay(1).toString());
                assertThat(f.sim.meter().snapshot().calls("ce", "GetCostAndUsage"))
                        .isEqualTo(PayerCostIT.pagesOf(f));
                assertThat(spend)
                        .as("every Cost Explorer page priced at $0.01 in the sweeps' spend")
                        .isGreaterThanOrEqualTo(new BigDecimal("0.01")
                                .multiply(BigDecimal.valueOf(
                                        f.sim.meter().snapshot().calls("ce", "GetCostAndUsage"))));

                // an account that joins later gets its own history
                Instant later = NOW.plus(Duration.ofDays(20));
                List<SimAccount> joined = f.sim.truth().accounts(later).stream()
                        .filter(a -> a.joinedAt().isAfter(NOW) && a.statusAt(later) == AccountStatus.ACTIVE)
                        .toList();
                assertThat(joined)
                        .as("fleet-sim accounts joining within 20 days")
                        .isNotEmpty();
                f.clock.set(later);
                c.sweepOnce(); // discovery publishes them; the payer pull sees them in the fleet
                for (int i = 0; i < joined.size() + 1; i++) {
                    f.clock.advance(Duration.ofMinutes(1));
                    c.sweepOnce();
                }
                LocalDate earliest = YearMonth.from(later.atZone(ZoneOffset.UTC))
                        .minusMonths(13)
                        .atDay(1);
                Set<AccountId> withHistory = f.read(Topics.RAW_COST_PULLS).stream()
                        .filter(p -> p.from().equals(earliest)
                                && p.until().isBefore(LocalDate.ofInstant(later, ZoneOffset.UTC)))
                        .map(CostPullCompleted::account)
                        .collect(Collectors.toSet());
                assertThat(withHistory)
                        .containsAll(joined.stream().map(SimAccount::id).toList());
            }
        }
    }
}
