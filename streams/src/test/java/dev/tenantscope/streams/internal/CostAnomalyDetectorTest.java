package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.CostAnomalyDetector.Decision;
import dev.tenantscope.streams.internal.CostAnomalyDetector.Observation;
import dev.tenantscope.streams.internal.CostAnomalyDetector.Transition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CostAnomalyDetectorTest {
    private static final LocalDate D0 = LocalDate.parse("2026-10-01");
    private final CostAnomalyDetector detector =
            new CostAnomalyDetector(StreamsAppConfig.defaults().costAnomaly());

    private static Instant at(LocalDate day, int hoursAfterStart) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hoursAfterStart * 3600L);
    }

    /** Days of history pulled daily at 06:00: a first estimate at half the amount, then the settled amount. */
    private CostAnomalyState history(int days, double amount) {
        CostAnomalyState s = null;
        for (int i = 0; i < days; i++) {
            LocalDate d = D0.plusDays(i);
            s = feed(s, new Observation(d, amount / 2, true, at(d, 6)), 1).state();
            s = feed(s, new Observation(d, amount, false, at(d, 78)), 1).state();
        }
        return s;
    }

    private Decision feed(CostAnomalyState s, Observation o, double percentile) {
        return detector.next(s, "t-1", "123456789012", "AWS Lambda", o, percentile);
    }

    @Test
    void aJumpOpensOnItsFirstEstimateStaysOpenWhileHighAndClosesWhenTheNewestDayIsBack() {
        CostAnomalyState s = history(21, 10);
        LocalDate d = D0.plusDays(21);
        Decision open = feed(s, new Observation(d, 20, true, at(d, 6)), 1);
        assertThat(open.transition()).isEqualTo(Transition.OPENED);
        assertThat(open.maturity()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(open.normalised()).isCloseTo(40, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(open.expected()).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-6));
        Decision restated = feed(open.state(), new Observation(d, 40, true, at(d, 30)), 1);
        assertThat(restated.transition()).isEqualTo(Transition.NONE);
        LocalDate next = d.plusDays(1);
        Decision stillHigh = feed(restated.state(), new Observation(next, 15, true, at(next, 6)), 1);
        assertThat(stillHigh.transition())
                .as("30 normalised: still above the close level")
                .isEqualTo(Transition.NONE);
        LocalDate back = d.plusDays(2);
        Decision closed = feed(stillHigh.state(), new Observation(back, 5, true, at(back, 6)), 1);
        assertThat(closed.transition()).isEqualTo(Transition.CLOSED);
        Decision late = feed(closed.state(), new Observation(next, 30, true, at(next, 30)), 1);
        assertThat(late.transition())
                .as("a day the closed alert covered does not reopen it")
                .isEqualTo(Transition.NONE);
    }

    @Test
    void anEstimateMovingTowardsItsSettledAmountAndAMonthCloseRestatementOpenNothing() {
        CostAnomalyState s = history(21, 10);
        LocalDate d = D0.plusDays(21);
        Decision first = feed(s, new Observation(d, 5, true, at(d, 6)), 1);
        Decision restated = feed(first.state(), new Observation(d, 11.5, true, at(d, 30)), 1);
        Decision settled = feed(restated.state(), new Observation(d, 11, false, at(d, 78)), 1);
        assertThat(first.transition()).isEqualTo(Transition.NONE);
        assertThat(restated.transition())
                .as("the restatement more than doubled the estimate")
                .isEqualTo(Transition.NONE);
        assertThat(settled.transition()).isEqualTo(Transition.NONE);
        Decision monthClose = feed(settled.state(), new Observation(d, 100, false, at(d, 24 * 30)), 1);
        assertThat(monthClose.transition()).isEqualTo(Transition.NONE);
        assertThat(monthClose.state()).isSameAs(settled.state());
    }

    @Test
    void aJumpEveryLineOfTheCohortSharesDoesNotOpenNorDoesOneWithoutEnoughHistory() {
        LocalDate d = D0.plusDays(21);
        Decision shared = feed(history(21, 10), new Observation(d, 20, true, at(d, 6)), 0.5);
        assertThat(shared.transition()).isEqualTo(Transition.NONE);
        LocalDate early = D0.plusDays(3);
        Decision young = feed(history(3, 10), new Observation(early, 20, true, at(early, 6)), 1);
        assertThat(young.transition()).isEqualTo(Transition.NONE);
    }

    @Test
    void aSmallLineNeedsTheMinimumIncreaseInDollars() {
        LocalDate d = D0.plusDays(21);
        Decision tiny = feed(history(21, 0.01), new Observation(d, 0.02, true, at(d, 6)), 1);
        assertThat(tiny.transition()).as("×4 of one cent").isEqualTo(Transition.NONE);
    }
}
