package dev.tenantscope.collector.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Costs;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Mix;
import dev.tenantscope.config.Environment;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlannerAndJitterTest {
    static final CollectorConfig.Schedule SCHEDULE =
            CollectorConfig.defaults(Environment.of(Map.of())).schedule();
    // 2 alert metrics, 3 standard metrics at $0.00001 each; payer cost pull 20 pages over 10,000 accounts
    static final Costs COSTS = new Costs(2e-5, 3e-5, 20 * 0.01 / 10_000, 0.01);

    @Nested
    class Planner {
        @Test
        void targetsThatFitTheBudgetAreKept() {
            var plan = BudgetPlanner.plan(SCHEDULE, COSTS, new Mix(0.1, 0.5), 10_000);
            assertThat(plan.alert()).isEqualTo(SCHEDULE.alertInterval());
            assertThat(plan.hotAlert()).isEqualTo(SCHEDULE.hotAlertInterval());
            assertThat(plan.standard()).isEqualTo(Duration.ofHours(1));
            assertThat(plan.usdPerAccountMonth()).isLessThanOrEqualTo(0.10);
            assertThat(plan.degraded()).isFalse();
            assertThat(plan.naiveUsdPerAccountMonth()).isGreaterThan(plan.usdPerAccountMonth() * 3);
        }

        @Test
        void overBudgetDegradesFreshnessNeverTheBudget() {
            Costs expensive = new Costs(40e-5, 30e-5, 0.002, 0.01);
            var plan = BudgetPlanner.plan(SCHEDULE, expensive, new Mix(0.2, 0.8), 10_000);
            assertThat(plan.degraded()).isTrue();
            assertThat(plan.usdPerAccountMonth()).isLessThanOrEqualTo(0.10);
            assertThat(plan.alert()).isGreaterThan(SCHEDULE.alertInterval());
            assertThat(plan.hotAlert())
                    .as("hot accounts lose their bonus first")
                    .isEqualTo(plan.alert());
        }

        @Test
        void aSmallerBudgetNeverBuysFresherData() {
            var rich = BudgetPlanner.plan(SCHEDULE, COSTS, new Mix(0.1, 0.9), 10_000);
            var poor = BudgetPlanner.plan(
                    SCHEDULE.withBudgetPerAccountMonth(new BigDecimal("0.01")), COSTS, new Mix(0.1, 0.9), 10_000);
            assertThat(poor.alert()).isGreaterThanOrEqualTo(rich.alert());
            assertThat(poor.usdPerAccountMonth()).isLessThanOrEqualTo(0.01);
        }

        @Test
        void overBudgetStretchesTheCostPullByTheSameFactorAsTheSignalsNotToAWeekFirst() {
            // signals alone fit the budget ($0.086); the daily payer pull ($0.03) tips it over by 16 %: stretching
            // the cost pull alone would take it to 50 h
            Costs c = new Costs(3.5e-5, 4e-5, 0.001, 0.01);
            var plan = BudgetPlanner.plan(SCHEDULE, c, new Mix(0.1, 0.5), 10_000);
            assertThat(plan.degraded()).isTrue();
            assertThat(plan.usdPerAccountMonth()).isLessThanOrEqualTo(0.10);
            double costStretch =
                    (double) plan.cost().toSeconds() / SCHEDULE.costInterval().toSeconds();
            double alertStretch =
                    (double) plan.alert().toSeconds() / SCHEDULE.alertInterval().toSeconds();
            assertThat(costStretch).isGreaterThan(1).isCloseTo(alertStretch, within(0.1));
            assertThat(plan.cost()).isLessThan(Duration.ofDays(2));
        }

        @Test
        void theCostPullStopsAtAWeekAndTheSignalsMakeUpTheRest() {
            Costs c = new Costs(2e-5, 3e-5, 0.0225, 0.01); // a daily pull alone costs 6.75 budgets, weekly 0.96
            var plan = BudgetPlanner.plan(SCHEDULE, c, new Mix(0.1, 0.5), 10_000);
            assertThat(plan.cost()).isEqualTo(Duration.ofDays(7));
            assertThat(plan.usdPerAccountMonth()).isLessThanOrEqualTo(0.10);
            assertThat(plan.alert()).isGreaterThan(SCHEDULE.alertInterval());
        }

        @Test
        void aSmallFleetGetsTheFloorsShareOfTheBudget() {
            assertThat(SCHEDULE.budgetFloorPerMonth()).isEqualByComparingTo("10");
            assertThat(BudgetPlanner.plan(SCHEDULE, COSTS, new Mix(0.1, 0.5), 40)
                            .budget())
                    .isCloseTo(0.25, within(1e-12));
            assertThat(BudgetPlanner.plan(SCHEDULE, COSTS, new Mix(0.1, 0.5), 10_000)
                            .budget())
                    .isCloseTo(0.10, within(1e-12));
            assertThat(BudgetPlanner.plan(SCHEDULE, COSTS, new Mix(0.1, 0.5), 0).budget())
                    .as("fleet not known yet: the per-account budget")
                    .isCloseTo(0.10, within(1e-12));
        }

        @Test
        void idleAccountsGetTheHeartbeatHotOnesTheShortInterval() {
            var plan = BudgetPlanner.plan(SCHEDULE, COSTS, new Mix(0.1, 0.5), 10_000);
            assertThat(plan.interval(Signal.ALERT, ActivityState.IDLE)).isEqualTo(SCHEDULE.heartbeatInterval());
            assertThat(plan.interval(Signal.STANDARD, ActivityState.IDLE)).isEqualTo(SCHEDULE.heartbeatInterval());
            assertThat(plan.interval(Signal.ALERT, ActivityState.HOT)).isEqualTo(SCHEDULE.hotAlertInterval());
            assertThat(plan.interval(Signal.STANDARD, ActivityState.HOT)).isEqualTo(Duration.ofHours(1));
        }
    }

    @Nested
    class JitterSpread {
        @Test
        void offsetIsStableAndInsideTheInterval() {
            AccountId a = AccountId.of("123456789012");
            Duration i = Duration.ofMinutes(15);
            assertThat(Jitter.offset(a, "ALERT", i)).isEqualTo(Jitter.offset(a, "ALERT", i));
            assertThat(Jitter.offset(a, "ALERT", i)).isLessThan(i).isGreaterThanOrEqualTo(Duration.ZERO);
        }

        @Test
        void neighbouringAccountsSpreadOverTheInterval() {
            Duration i = Duration.ofMinutes(15);
            int[] buckets = new int[15];
            Set<Long> distinct = new HashSet<>();
            for (long n = 100_000_000_000L; n < 100_000_010_000L; n++) {
                Duration off = Jitter.offset(AccountId.of(Long.toString(n)), "ALERT", i);
                buckets[(int) off.toMinutes()]++;
                distinct.add(off.toMillis());
            }
            for (int b : buckets) {
                assertThat(b).isBetween(550, 790); // 10,000 / 15 = 667 each
            }
            assertThat(distinct).hasSizeGreaterThan(9_900);
        }

        @Test
        void aTenantsAccountsShareTheirSlotsAndTenantsSpreadOverTheInterval() {
            Duration i = Duration.ofMinutes(14);
            AccountRegistration prod = registration(1, "tenant-a");
            AccountRegistration staging = registration(2, "tenant-a");
            for (Signal s : Signal.values()) {
                assertThat(Jitter.slotOffset(prod, s.name(), i)).isEqualTo(Jitter.slotOffset(staging, s.name(), i));
            }
            int[] buckets = new int[14];
            for (int n = 0; n < 7_000; n++) {
                buckets[
                        (int) Jitter.slotOffset(registration(n, "tenant-" + n), "ALERT", i)
                                .toMinutes()]++;
            }
            for (int b : buckets) {
                assertThat(b).isBetween(400, 600); // 7,000 / 14 = 500 each
            }
        }

        @Test
        void anAccountNoTenantOwnsHasItsOwnSlots() {
            Duration i = Duration.ofMinutes(14);
            AccountRegistration a = registration(1, TenantId.UNASSIGNED.value());
            AccountRegistration b = registration(2, TenantId.UNASSIGNED.value());
            assertThat(Jitter.slotOffset(a, "ALERT", i)).isEqualTo(Jitter.offset(a.account(), "ALERT", i));
            assertThat(Jitter.slotOffset(a, "ALERT", i)).isNotEqualTo(Jitter.slotOffset(b, "ALERT", i));
        }

        private static AccountRegistration registration(int n, String tenant) {
            return new AccountRegistration(
                    AccountId.of(Long.toString(100_000_000_000L + n)),
                    TenantId.of(tenant),
                    "account " + n,
                    "standard",
                    "prod",
                    AccountStatus.ACTIVE,
                    List.of("us-east-1"),
                    Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Test
        void slotStartIsTheLatestOffsetBoundary() {
            Instant now = Instant.parse("2026-01-01T00:20:00Z");
            Instant slot = Jitter.slotStart(now, Duration.ofMinutes(15), Duration.ofMinutes(3));
            assertThat(slot).isEqualTo(Instant.parse("2026-01-01T00:18:00Z"));
        }
    }
}
