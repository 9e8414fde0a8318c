package dev.tenantscope.streams.internal.key;

import static dev.tenantscope.streams.internal.key.KeySamples.A1;
import static dev.tenantscope.streams.internal.key.KeySamples.ACME;
import static dev.tenantscope.streams.internal.key.KeySamples.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.topic.RecordDecodeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeySerdeTest {
    static Stream<Arguments> samples() {
        return KeySamples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tenantscope.streams.internal.key.KeySerdeTest#samples")
        void everyKeyKindReadsBackEqual(String name, KeySamples.Sample<?> sample) {
            assertThat(sample.roundTrip()).isEqualTo(sample.key());
        }

        @Test
        void textWithDelimitersUnicodeAndEmptyFieldsSurvives() {
            CostKey k =
                    new CostKey(A1, DAY, "Amazon EC2 | Compute \u001f — Zürich 東京", "", "Usage", TenantId.of("a|b"));
            assertThat(CostKey.SERDE.deserialize("t", CostKey.SERDE.serialize("t", k)))
                    .isEqualTo(k);
            CohortKey untiered = new CohortKey("", "tenantscope/logs", "errors");
            assertThat(CohortKey.SERDE.deserialize("t", CohortKey.SERDE.serialize("t", untiered)))
                    .isEqualTo(untiered);
        }

        @Test
        void longFieldsUseMultiByteLengths() {
            String service = "s".repeat(300); // length 300 needs two LEB128 bytes
            CostKey k = new CostKey(A1, DAY, service, "u".repeat(20_000), "Usage", null);
            assertThat(CostKey.SERDE.deserialize("t", CostKey.SERDE.serialize("t", k)))
                    .isEqualTo(k);
        }

        @Test
        void datesAndMonthsFarFromTodayReadBack() {
            for (LocalDate d :
                    new LocalDate[] {LocalDate.of(1, 1, 1), LocalDate.of(1969, 12, 31), LocalDate.of(9999, 12, 31)}) {
                AccountDayKey k = new AccountDayKey(A1, d);
                assertThat(AccountDayKey.SERDE.deserialize("t", AccountDayKey.SERDE.serialize("t", k)))
                        .isEqualTo(k);
            }
            DailyCostKey row = new DailyCostKey(ACME, A1, DAY, "x", "Usage", CostCategory.WORKLOAD, "", "EUR");
            for (YearMonth m : new YearMonth[] {YearMonth.of(1, 1), YearMonth.of(1999, 12), YearMonth.of(9999, 12)}) {
                MonthRowKey k = new MonthRowKey(m, row);
                assertThat(MonthRowKey.SERDE.deserialize("t", MonthRowKey.SERDE.serialize("t", k)))
                        .isEqualTo(k);
            }
        }

        @Test
        void nullIsATombstoneBothWays() {
            assertThat(CostKey.SERDE.serialize("t", null)).isNull();
            assertThat(CostKey.SERDE.deserialize("t", null)).isNull();
        }
    }

    @Nested
    class Determinism {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tenantscope.streams.internal.key.KeySerdeTest#samples")
        void everyKeyKindHasTheBytesOfTheGoldenFixture(String name, KeySamples.Sample<?> sample) throws IOException {
            assertThat(HexFormat.of().formatHex(sample.bytes()))
                    .as("bytes of %s (a change here changes partitioning and the state format)", name)
                    .isEqualTo(golden().get(name));
        }

        @Test
        void equalKeysBuiltSeparatelyHaveEqualBytes() {
            SignalKey a = new SignalKey(TenantId.of("acme"), "AWS/Lambda", "Errors");
            SignalKey b = new SignalKey(TenantId.of(new String("acme")), "AWS/" + "Lambda", "Err" + "ors");
            assertThat(SignalKey.SERDE.serialize("x", a)).isEqualTo(SignalKey.SERDE.serialize("y", b));
        }

        @Test
        void fieldsThatJoinToTheSameTextStillHaveDifferentBytes() {
            // "a|b" + "c" and "a" + "b|c" were one and the same '|'-joined key before
            CohortKey left = new CohortKey("gold", "AWS/Lambda|x", "y");
            CohortKey right = new CohortKey("gold", "AWS/Lambda", "x|y");
            assertThat(CohortKey.SERDE.serialize("t", left)).isNotEqualTo(CohortKey.SERDE.serialize("t", right));
        }

        @Test
        void everyKindHasItsOwnCode() {
            assertThat(Arrays.stream(KeyKind.values()).map(KeyKind::code).collect(Collectors.toSet()))
                    .hasSize(KeyKind.values().length);
            Set<String> kinds = KeySamples.all().values().stream()
                    .map(s -> KeyKind.of(s.bytes()[1]).name())
                    .collect(Collectors.toSet());
            assertThat(kinds).as("the samples cover every kind").hasSize(KeyKind.values().length);
        }
    }

    @Nested
    class PrefixScans {
        private final DailyCostKey row =
                new DailyCostKey(ACME, A1, DAY, "x", "Usage", CostCategory.WORKLOAD, "", "USD");

        @Test
        void aMonthsPrefixStartsEveryRowKeyOfThatMonthOnly() {
            byte[] october = MonthRowKey.MONTH_PREFIX.serialize("t", YearMonth.of(2026, 10));
            assertThat(MonthRowKey.SERDE.serialize("t", new MonthRowKey(YearMonth.of(2026, 10), row)))
                    .startsWith(october);
            assertThat(startsWith(
                            MonthRowKey.SERDE.serialize("t", new MonthRowKey(YearMonth.of(2026, 11), row)), october))
                    .isFalse();
        }

        @Test
        void aCohortsPrefixDoesNotStartAMemberKeyOfALongerNamedCohort() {
            CohortKey errors = new CohortKey("gold", "AWS/Lambda", "Errors");
            CohortKey errorsRate = new CohortKey("gold", "AWS/Lambda", "ErrorsRate");
            byte[] prefix = CohortMemberKey.COHORT_PREFIX.serialize("t", errors);
            assertThat(CohortMemberKey.SERDE.serialize("t", new CohortMemberKey(errors, ACME)))
                    .startsWith(prefix);
            assertThat(startsWith(CohortMemberKey.SERDE.serialize("t", new CohortMemberKey(errorsRate, ACME)), prefix))
                    .isFalse();
        }

        @Test
        void windowKeysSortByTheirStartSoAnHourIsOneRange() {
            RollupWindowKey w = new RollupWindowKey(ACME, "AWS/Lambda", "Invocations", "us-east-1", 0);
            long[] starts = {-300_000L, 0, 300_000L, 3_300_000L, 3_600_000L, Long.MAX_VALUE};
            for (int i = 1; i < starts.length; i++) {
                byte[] before = RollupWindowKey.SERDE.serialize("t", w.withStart(starts[i - 1]));
                byte[] after = RollupWindowKey.SERDE.serialize("t", w.withStart(starts[i]));
                assertThat(Arrays.compareUnsigned(before, after))
                        .as("%d before %d", starts[i - 1], starts[i])
                        .isNegative();
            }
            assertThat(Arrays.compareUnsigned(
                            RollupWindowKey.SERDE.serialize("t", w.first()),
                            RollupWindowKey.SERDE.serialize("t", w.withStart(-300_000L))))
                    .isNegative();
        }

        @Test
        void aCoveragePrefixStartsEveryAccountOfItsSignalAndRegionOnly() {
            CoverageKey a1 = new CoverageKey(ACME, "AWS/Lambda", "Errors", "us-east-1", A1.value());
            byte[] prefix = CoverageKey.PREFIX.serialize("t", a1);
            assertThat(CoverageKey.SERDE.serialize("t", a1)).startsWith(prefix);
            assertThat(CoverageKey.SERDE.serialize("t", new CoverageKey(ACME, "AWS/Lambda", "Errors", "us-east-1", "")))
                    .startsWith(prefix);
            assertThat(startsWith(
                            CoverageKey.SERDE.serialize(
                                    "t", new CoverageKey(ACME, "AWS/Lambda", "Errors", "us-east-11", A1.value())),
                            prefix))
                    .isFalse();
        }

        @Test
        void aCostCohortsPrefixStartsItsLinesOnlyAndALinesDaysSortByDay() {
            CostCohortKey lambda = new CostCohortKey("gold", "AWS Lambda");
            CostLineKey line = new CostLineKey(lambda, ACME, A1);
            byte[] cohort = CostLineKey.COHORT_PREFIX.serialize("t", lambda);
            assertThat(CostLineKey.SERDE.serialize("t", line)).startsWith(cohort);
            assertThat(startsWith(
                            CostLineKey.SERDE.serialize(
                                    "t", new CostLineKey(new CostCohortKey("gold", "AWS Lambda@Edge"), ACME, A1)),
                            cohort))
                    .isFalse();
            byte[] days = CostLineDayKey.LINE_PREFIX.serialize("t", line);
            byte[] first = CostLineDayKey.SERDE.serialize("t", new CostLineDayKey(line, DAY));
            byte[] second = CostLineDayKey.SERDE.serialize("t", new CostLineDayKey(line, DAY.plusDays(1)));
            assertThat(first).startsWith(days);
            assertThat(Arrays.compareUnsigned(first, second)).isNegative();
        }

        private static boolean startsWith(byte[] bytes, byte[] prefix) {
            return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
        }
    }

    @Nested
    class MalformedBytes {
        private final byte[] good = KeySamples.all().get("CostKey").bytes();

        @Test
        void emptyBytesAreRejected() {
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("cost-lines-repartition", new byte[0]))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessage("cannot decode CostKey key from topic cost-lines-repartition: expected at least 2"
                            + " bytes (format version, kind), got 0");
        }

        @Test
        void aLegacyPipeJoinedKeyIsRejectedWithTheUpgradeHint() {
            byte[] legacy = "111111111111|2026-11-01|Amazon EC2|".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", legacy))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("expected key format version 1, got 49")
                    .hasMessageContaining("string key written before typed keys? see streams/README.md, Upgrading");
        }

        @Test
        void anotherKindsBytesAreRejected() {
            byte[] signal = KeySamples.all().get("SignalKey").bytes();
            assertThatThrownBy(() -> CohortKey.SERDE.deserialize("t", signal))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessage("cannot decode CohortKey key from topic t: expected key kind [COHORT], got SIGNAL");
        }

        @Test
        void anUnknownKindCodeIsRejected() {
            byte[] b = good.clone();
            b[1] = (byte) 200;
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", b))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageEndingWith("expected key kind [COST_LINE], got unknown code 200");
        }

        @Test
        void aTruncatedKeyNamesTheFieldItStopsIn() {
            byte[] cut = Arrays.copyOf(good, 2 + 1 + 12 + 2); // version, kind, account, half the day
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", cut))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessage("cannot decode CostKey key from topic t: field 'day': expected 4 more bytes at"
                            + " offset 15, but the key has 17 bytes");
        }

        @Test
        void trailingBytesAreRejected() {
            byte[] longer = Arrays.copyOf(good, good.length + 1);
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", longer))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessage("cannot decode CostKey key from topic t: expected " + good.length + " bytes, got "
                            + longer.length + " (trailing bytes after the last field)");
        }

        @Test
        void invalidUtf8IsRejected() {
            byte[] b = good.clone();
            b[3] = (byte) 0xFF; // first byte of the account text
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", b))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessage("cannot decode CostKey key from topic t: field 'account': expected UTF-8 text, got"
                            + " invalid bytes at offset 3");
        }

        @Test
        void aValueTheKeyRecordRejectsNamesItsField() {
            byte[] b = good.clone();
            b[3] = 'x'; // account id no longer 12 digits
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", b))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessage("cannot decode CostKey key from topic t: account: expected a 12-digit AWS account"
                            + " id, got 'x11111111111'");
        }

        @Test
        void aPaddedLengthIsRejectedSoEveryKeyHasOneEncoding() {
            // account length 12 written as two bytes (0x8C 0x00) instead of one (0x0C)
            byte[] b = new byte[good.length + 1];
            b[0] = good[0];
            b[1] = good[1];
            b[2] = (byte) 0x8C;
            b[3] = 0;
            System.arraycopy(good, 3, b, 4, good.length - 3);
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", b))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageEndingWith("field 'account': expected a shortest-form length, got a padded one");
        }

        @Test
        void aBadPresenceFlagIsRejected() {
            byte[] b = good.clone();
            b[b.length - 1] = 7; // the receiver's presence flag
            assertThatThrownBy(() -> CostKey.SERDE.deserialize("t", b))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageEndingWith("field 'receiver': expected presence flag 0 or 1, got 7");
        }

        @Test
        void anUnknownCategoryIsRejected() {
            DailyCostKey k = new DailyCostKey(ACME, A1, DAY, "x", "Usage", CostCategory.WORKLOAD, "", "USD");
            byte[] b = DailyCostKey.SERDE.serialize("t", k);
            String hex = HexFormat.of().formatHex(b);
            String workload = HexFormat.of().formatHex("workload".getBytes(StandardCharsets.UTF_8));
            byte[] bad = HexFormat.of()
                    .parseHex(hex.replace(
                            workload, HexFormat.of().formatHex("workflow".getBytes(StandardCharsets.UTF_8))));
            assertThatThrownBy(() -> DailyCostKey.SERDE.deserialize("t", bad))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageEndingWith("category: expected one of [workload, baseline, credit, refund, tax,"
                            + " commitment_fee, support], got 'workflow'");
        }
    }

    /** name → hex, from {@code keys/golden.txt}. */
    private static Map<String, String> golden() throws IOException {
        try (InputStream in = KeySerdeTest.class.getClassLoader().getResourceAsStream("keys/golden.txt")) {
            assertThat(in).as("fixture keys/golden.txt").isNotNull();
            Map<String, String> m = new LinkedHashMap<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> {
                        String[] nameHex = l.trim().split("\\s+");
                        m.put(nameHex[0], nameHex[1]);
                    });
            return m;
        }
    }
}
