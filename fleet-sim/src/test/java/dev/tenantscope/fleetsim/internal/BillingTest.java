package dev.tenantscope.fleetsim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimCatalog;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingTest {
    private static final long LATE = LocalDate.parse("2027-06-01").toEpochDay() * 86_400;

    private static Billing billing(FleetSpec spec) {
        Fleet fleet = new Fleet(spec);
        return new Billing(
                fleet,
                new CostModel(
                        fleet,
                        new Episodes(spec.seed(), spec.noisyRate()),
                        new CostAnomalies(spec.seed(), spec.costAnomalyRate())));
    }

    @Test
    void supportFeeFollowsTheBusinessTiersWithAHundredDollarFloor() {
        assertThat(Billing.tiered(500_000_000L)).isEqualTo(100_000_000L); // $500 -> $100 floor
        assertThat(Billing.tiered(5_000_000_000L)).isEqualTo(500_000_000L); // 10 %
        // $100K: 10 % of 10K + 7 % of 70K + 5 % of 20K
        assertThat(Billing.tiered(100_000_000_000L)).isEqualTo(6_900_000_000L);
    }

    @Test
    void commitmentsAreNeverUsedBeyondTheirDailyAmountEvenInATinyFleet() {
        for (FleetSpec spec : List.of(
                FleetSpec.defaults(), FleetSpec.defaults().withAccounts(3).withNoisyRate(0.5))) {
            Billing b = billing(spec);
            for (long d = LocalDate.parse("2025-10-01").toEpochDay();
                    d < LocalDate.parse("2026-12-01").toEpochDay();
                    d++) {
                for (long asOf : new long[] {d * 86_400 + 7_200, d * 86_400 + 86_400 + 60, LATE}) {
                    for (Billing.Charge c : b.charges(-1, d, asOf)) {
                        if (c.recordType().equals(SimCatalog.SAVINGS_PLAN_RECURRING_FEE)
                                || c.recordType().equals(SimCatalog.RI_FEE)) {
                            assertThat(c.micros()[2])
                                    .as("unused commitment of %s on %s", c.recordType(), LocalDate.ofEpochDay(d))
                                    .isBetween(0L, c.micros()[0] * 2);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theBillIsAFunctionOfTheSeed() {
        long day = LocalDate.parse("2026-10-15").toEpochDay();
        Billing a = billing(FleetSpec.defaults()), b = billing(FleetSpec.defaults());
        Billing other = billing(FleetSpec.defaults().withSeed(7));
        for (int account = -1; account < 50; account++) {
            List<Billing.Charge> x = a.charges(account, day, LATE), y = b.charges(account, day, LATE);
            assertThat(x).hasSameSizeAs(y);
            for (int i = 0; i < x.size(); i++) {
                assertThat(x.get(i).micros()).containsExactly(y.get(i).micros());
                assertThat(x.get(i).recordType()).isEqualTo(y.get(i).recordType());
            }
        }
        assertThat(other.charges(0, day, LATE).get(0).micros())
                .isNotEqualTo(a.charges(0, day, LATE).get(0).micros());
    }
}
