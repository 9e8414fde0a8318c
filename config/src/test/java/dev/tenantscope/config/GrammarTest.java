package dev.tenantscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrammarTest {
    @Nested
    class Durations {
        @Test
        void shortFormsAndIsoMeanTheSame() {
            assertThat(Grammar.duration("15m")).isEqualTo(Duration.ofMinutes(15));
            assertThat(Grammar.duration("PT15M")).isEqualTo(Duration.ofMinutes(15));
            assertThat(Grammar.duration("P7D")).isEqualTo(Duration.ofDays(7));
            assertThat(Grammar.duration("2d")).isEqualTo(Duration.ofDays(2));
            assertThat(Grammar.duration("500ms")).isEqualTo(Duration.ofMillis(500));
            assertThat(Grammar.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
            assertThat(Grammar.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        }

        @Test
        void aBareNumberIsRefusedWithTheUnitToAdd() {
            assertThatThrownBy(() -> Grammar.duration("300"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a duration with a unit, such as 300s or 300m (a bare number has none)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"soon", "15 minutes", "1.5h", "P1M", "-5s", "m"})
        void otherTextIsRefusedNamingTheForms(String text) {
            assertThatThrownBy(() -> Grammar.duration(text)).hasMessageStartingWith("a duration such as 500ms");
        }

        @Test
        void canonicalTextIsTheShortestShortForm() {
            assertThat(Grammar.durationText(Duration.ofMinutes(90))).isEqualTo("1h30m");
            assertThat(Grammar.durationText(Duration.ofDays(7))).isEqualTo("7d");
            assertThat(Grammar.durationText(Duration.ofMillis(500))).isEqualTo("500ms");
            assertThat(Grammar.durationText(Duration.ZERO)).isEqualTo("0s");
            assertThat(Grammar.duration(Grammar.durationText(Duration.ofMillis(90_061_001))))
                    .isEqualTo(Duration.ofMillis(90_061_001));
        }
    }

    @Nested
    class Sizes {
        @Test
        void bytesAndBinaryUnits() {
            assertThat(Grammar.size("104857600")).isEqualTo(104_857_600L);
            assertThat(Grammar.size("64KB")).isEqualTo(64L << 10);
            assertThat(Grammar.size("100MB")).isEqualTo(100L << 20);
            assertThat(Grammar.size("1GB")).isEqualTo(1L << 30);
            assertThat(Grammar.size("64MiB")).isEqualTo(64L << 20);
            assertThat(Grammar.sizeText(64L << 20)).isEqualTo("64MB");
            assertThat(Grammar.sizeText(1000)).isEqualTo("1000");
        }

        @Test
        void unknownUnitIsRefused() {
            assertThatThrownBy(() -> Grammar.size("12 parsecs")).hasMessage(Grammar.SIZE_FORM);
        }
    }

    @Nested
    class Percentages {
        @Test
        void percentAndFractionAreTheSame() {
            assertThat(Grammar.percent("80%")).isEqualTo(0.8);
            assertThat(Grammar.percent("0.8")).isEqualTo(0.8);
            assertThat(Grammar.percentText(0.8)).isEqualTo("80%");
            assertThat(Grammar.percentText(0.05)).isEqualTo("5%");
        }

        @Test
        void aBareNumberAboveOneIsAmbiguous() {
            assertThatThrownBy(() -> Grammar.percent("80")).hasMessageContaining("write 80% if you mean it");
        }
    }

    @Nested
    class Money {
        @Test
        void plainDollarAndUsdSuffixAreTheSame() {
            assertThat(Grammar.money("0.10")).isEqualTo(new BigDecimal("0.10"));
            assertThat(Grammar.money("$0.10")).isEqualTo(new BigDecimal("0.10"));
            assertThat(Grammar.money("0.10 USD")).isEqualTo(new BigDecimal("0.10"));
            assertThat(Grammar.moneyText(new BigDecimal("0.10"))).isEqualTo("$0.10");
        }

        @Test
        void otherCurrenciesAreRefused() {
            assertThatThrownBy(() -> Grammar.money("0.10 EUR")).hasMessageContaining("other currencies");
        }
    }
}
