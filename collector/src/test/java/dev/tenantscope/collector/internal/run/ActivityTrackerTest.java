package dev.tenantscope.collector.internal.run;

import static dev.tenantscope.collector.internal.run.Runs.T0;
import static dev.tenantscope.collector.internal.run.Runs.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Mix;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.model.AccountId;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ActivityTrackerTest {
    static final Duration IDLE_AFTER = Duration.ofHours(6);
    final SimClock clock = SimClock.fixed(T0);
    final ActivityTracker tracker = new ActivityTracker(IDLE_AFTER, clock);
    final AccountId a = account(1);

    @Nested
    class States {
        @Test
        void anAccountNeverCollectedIsActive() {
            assertThat(tracker.state(a)).isEqualTo(ActivityState.ACTIVE);
        }

        @Test
        void aHotRunMakesTheAccountHotUntilACalmOne() {
            tracker.record(a, true, true);
            assertThat(tracker.state(a)).isEqualTo(ActivityState.HOT);
            tracker.record(a, true, false);
            assertThat(tracker.state(a)).isEqualTo(ActivityState.ACTIVE);
        }

        @Test
        void aHotAccountIsNeverIdleHowEverQuiet() {
            tracker.record(a, false, true);
            clock.advance(IDLE_AFTER.multipliedBy(3));
            assertThat(tracker.state(a)).isEqualTo(ActivityState.HOT);
        }

        @Test
        void anAccountQuietForLongerThanIdleAfterIsIdle() {
            tracker.record(a, true, false);
            clock.advance(IDLE_AFTER);
            tracker.record(a, false, false);
            assertThat(tracker.state(a)).as("quiet for exactly idleAfter").isEqualTo(ActivityState.ACTIVE);
            clock.advance(Duration.ofSeconds(1));
            assertThat(tracker.state(a)).isEqualTo(ActivityState.IDLE);
        }

        @Test
        void aFirstQuietRunStartsTheIdleClock() {
            tracker.record(a, false, false);
            assertThat(tracker.state(a)).isEqualTo(ActivityState.ACTIVE);
            clock.advance(IDLE_AFTER.plusSeconds(1));
            assertThat(tracker.state(a)).isEqualTo(ActivityState.IDLE);
        }

        @Test
        void activityWakesAnIdleAccount() {
            tracker.record(a, false, false);
            clock.advance(IDLE_AFTER.plusHours(1));
            assertThat(tracker.state(a)).isEqualTo(ActivityState.IDLE);
            tracker.record(a, true, false);
            assertThat(tracker.state(a)).isEqualTo(ActivityState.ACTIVE);
        }

        @Test
        void aForgottenAccountStartsOverAsActive() {
            tracker.record(a, false, false);
            clock.advance(IDLE_AFTER.plusHours(1));
            tracker.forget(a);
            assertThat(tracker.state(a)).isEqualTo(ActivityState.ACTIVE);
        }
    }

    @Nested
    class FleetMix {
        @Test
        void mixIsTheShareOfTrackedAccountsInEachState() {
            tracker.record(account(1), true, true);
            tracker.record(account(2), false, false); // goes idle below
            clock.advance(IDLE_AFTER.plusMinutes(1));
            tracker.record(account(3), true, false);
            tracker.record(account(4), true, false);
            Mix mix = tracker.mix();
            assertThat(mix.hot()).isCloseTo(0.25, within(1e-9));
            assertThat(mix.active()).isCloseTo(0.5, within(1e-9));
            assertThat(mix.idle()).isCloseTo(0.25, within(1e-9));
        }

        @Test
        void forgottenAccountsLeaveTheMix() {
            tracker.record(account(1), true, true);
            tracker.record(account(2), true, false);
            tracker.forget(account(1));
            assertThat(tracker.mix().hot()).isZero();
            assertThat(tracker.mix().active()).isCloseTo(1.0, within(1e-9));
        }
    }
}
