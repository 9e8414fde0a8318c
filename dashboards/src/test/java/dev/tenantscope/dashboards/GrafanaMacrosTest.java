package dev.tenantscope.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.dashboards.GrafanaMacros.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaMacrosTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final TimeRange DAY = TimeRange.relative("now-24h", "now", NOW);

    @Test
    void relativeRangeEndsNowWithAnIntervalOfAThousandthOfTheRange() {
        assertThat(DAY.from()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(DAY.to()).isEqualTo(NOW);
        assertThat(DAY.interval()).isEqualTo(Duration.ofSeconds(86));
    }

    @Test
    void timeFilterComparesWithSecondPrecisionDateTimes() {
        assertThat(GrafanaMacros.expand("WHERE $__timeFilter(started_at)", DAY, Map.of()))
                .isEqualTo("WHERE started_at >= toDateTime(1795780800) AND started_at <= toDateTime(1795867200)");
    }

    @Test
    void dateFilterUsesUtcDates() {
        assertThat(GrafanaMacros.expand("$__dateFilter(day)", DAY, Map.of()))
                .isEqualTo("day >= toDate('2026-11-27') AND day <= toDate('2026-11-28')");
    }

    @Test
    void msFormsUseDateTime64() {
        assertThat(GrafanaMacros.expand("$__fromTime_ms, $__toTime", DAY, Map.of()))
                .isEqualTo("fromUnixTimestamp64Milli(1795780800000), toDateTime(1795867200)");
    }

    @Test
    void timeIntervalKeepsNestedParentheses() {
        assertThat(GrafanaMacros.expand("$__timeInterval(toDateTime(ts, 'UTC'))", DAY, Map.of()))
                .isEqualTo("toStartOfInterval(toDateTime(toDateTime(ts, 'UTC')), INTERVAL 86 second)");
    }

    @Test
    void variablesExpandInTheirFormats() {
        Map<String, String> vars = Map.of("tenant", "t-001");
        assertThat(GrafanaMacros.expand("'${tenant}' $tenant ${tenant:singlequote}", DAY, vars))
                .isEqualTo("'t-001' t-001 't-001'");
    }

    @Test
    void anUnknownMacroIsAnErrorNamingIt() {
        assertThatThrownBy(() -> GrafanaMacros.expand("$__conditionalAll(x, $v)", DAY, Map.of("v", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$__conditionalAll");
    }

    @Test
    void aVariableWithoutValueIsAnErrorNamingIt() {
        assertThatThrownBy(() -> GrafanaMacros.expand("tenant_id = '$tenant'", DAY, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$tenant");
    }

    @Test
    void anUnsupportedTimeExpressionIsRejected() {
        assertThatThrownBy(() -> TimeRange.relative("now/d", "now", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("now/d");
    }
}
