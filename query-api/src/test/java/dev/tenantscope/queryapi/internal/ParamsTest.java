package dev.tenantscope.queryapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final Set<String> ALLOWED = Set.of("from", "to", "month", "limit", "format", "tenant");

    private static void rejects(ThrowingCallable call, String parameter, String message) {
        assertThatThrownBy(call)
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith(parameter + ":")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ApiException) e).parameter()).isEqualTo(parameter))
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void decodesValuesAndAppliesDefaults() {
        Params p = Params.parse("from=2026-01-01&tenant=a%27b%20c%2Bd&limit=5", ALLOWED);
        assertThat(p.date("from", null)).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(p.date("to", LocalDate.of(2026, 2, 1))).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(p.string("tenant", null)).isEqualTo("a'b c+d");
        assertThat(p.integer("limit", 100, 1, 10)).isEqualTo(5);
    }

    @Test
    void rejectsUnknownAndRepeatedParameters() {
        rejects(() -> Params.parse("colour=red", ALLOWED), "colour", "unknown parameter");
        rejects(() -> Params.parse("to=2026-01-01&to=2026-01-02", ALLOWED), "to", "given more than once");
    }

    @Test
    void rejectsBadDatesMonthsAndNumbersNamingTheParameter() {
        rejects(
                () -> Params.parse("from=2026-02-30", ALLOWED).date("from", null),
                "from",
                "expected a date YYYY-MM-DD");
        rejects(() -> Params.parse("month=2026-1", ALLOWED).month("month", null), "month", "expected a month YYYY-MM");
        rejects(() -> Params.parse("from=1969-12-31", ALLOWED).date("from", null), "from", "between 1970-01-01");
        rejects(() -> Params.parse("limit=11", ALLOWED).integer("limit", 1, 1, 10), "limit", "expected 1..10, got 11");
        rejects(() -> Params.parse("limit=1e3", ALLOWED).integer("limit", 1, 1, 10), "limit", "whole number");
        rejects(() -> Params.parse("format=XLSX", ALLOWED).choice("format", "csv", Set.of("csv")), "format", "[csv]");
        rejects(() -> Params.parse("tenant=" + "x".repeat(300), ALLOWED).string("tenant", null), "tenant", "1..256");
    }

    @Test
    void rangesMustBeOrderedAndBounded() {
        LocalDate d = LocalDate.of(2026, 3, 1);
        rejects(() -> Params.checkRange("from", d, "to", d.minusDays(1), 10), "from", "must not be after to");
        rejects(() -> Params.checkRange("from", d, "to", d.plusDays(10), 10), "to", "spans 11 days; at most 10");
        Params.checkRange("from", d, "to", d.plusDays(9), 10);
        YearMonth m = YearMonth.of(2026, 1);
        rejects(() -> Params.checkMonths("from", m, "to", m.plusMonths(12), 12), "to", "spans 13 months");
    }
}
