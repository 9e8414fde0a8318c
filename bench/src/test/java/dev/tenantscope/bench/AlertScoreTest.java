package dev.tenantscope.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.bench.AlertScore.Episode;
import dev.tenantscope.bench.AlertScore.Seen;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertScoreTest {
    private static final Instant T = Instant.parse("2026-11-05T12:00:00Z");

    private static Episode noisy(String tenant, Instant start) {
        return new Episode(tenant, start, start, start.plus(Duration.ofHours(2)), start.plus(Duration.ofHours(2)));
    }

    private static Seen seen(String id, String subject, Instant at) {
        return new Seen(id, subject, at);
    }

    @Test
    void anAlertOnAnotherTenantOrOutsideTheWindowIsAFalseAlertAndTheEpisodeIsMissed() {
        var r = AlertScore.score(
                List.of(noisy("t1", T)),
                List.of(seen("a", "t2", T.plusSeconds(600)), seen("b", "t1", T.plus(Duration.ofHours(5)))));
        assertThat(r.precision()).isZero();
        assertThat(r.recall()).isZero();
        assertThat(r.falseAlerts()).isEqualTo(2);
        assertThat(r.delayQuantileS(0.5)).isEqualTo(-1);
    }

    @Test
    void theFirstMatchingAlertGivesTheDelayAndASecondOneIsNotFalse() {
        var r = AlertScore.score(
                List.of(noisy("t1", T), noisy("t2", T)),
                List.of(
                        seen("a", "t1", T.plusSeconds(900)),
                        seen("b", "t1", T.plusSeconds(300)),
                        seen("c", "t2", T.plusSeconds(1200))));
        assertThat(r.precision()).isEqualTo(1.0);
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.delays()).containsExactlyInAnyOrder(Duration.ofSeconds(300), Duration.ofSeconds(1200));
        assertThat(r.delayQuantileS(0.5)).isEqualTo(300);
        assertThat(r.delayQuantileS(0.95)).isEqualTo(1200);
    }

    @Test
    void aForecastSeenBeforeTheCrossingCountsWithZeroDelayAndItsLeadToTheDeadline() {
        Instant crossing = T.plus(Duration.ofDays(2));
        Instant full = T.plus(Duration.ofDays(3));
        var quota = new Episode("111111111111", crossing, T, full, full);
        var r = AlertScore.score(List.of(quota), List.of(seen("q", "111111111111", T.plus(Duration.ofDays(1)))));
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.delays()).containsExactly(Duration.ZERO);
        assertThat(r.leadQuantileH(0.5)).isEqualTo(48.0);
    }

    @Test
    void noAlertsAndNoEpisodesIsPerfectNotNaN() {
        var r = AlertScore.score(List.of(), List.of());
        assertThat(r.precision()).isEqualTo(1.0);
        assertThat(r.recall()).isEqualTo(1.0);
    }

    @Test
    void anEpisodeWhoseWindowEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new Episode("t", T, T, T.minusSeconds(1), T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("episode t");
    }
}
