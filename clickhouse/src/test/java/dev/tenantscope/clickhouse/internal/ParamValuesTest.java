package dev.tenantscope.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamValuesTest {
    @Test
    void scalarValuesAreEscapedForClickHouseTextParsing() {
        assertThat(ParamValues.escape("a\\b\tc\nd\re\0f'g\"")).isEqualTo("a\\\\b\\tc\\nd\\re\\0f'g\"");
        assertThat(ParamValues.escape("\\N")).isEqualTo("\\\\N");
        assertThat(ParamValues.escape("plain 😀")).isEqualTo("plain 😀");
    }

    @Test
    void compositeValuesPassAsWritten() {
        Map<String, String> encoded = ParamValues.encode(
                "SELECT {a:Array(String)}, {m: Map(String, UInt8)}, {t:Nullable(Tuple(String))}, {s:String}",
                Map.of("a", "['it\\'s']", "m", "{'k':1}", "t", "('x\\\\')", "s", "it\\'s"));
        assertThat(encoded)
                .containsEntry("a", "['it\\'s']")
                .containsEntry("m", "{'k':1}")
                .containsEntry("t", "('x\\\\')")
                .containsEntry("s", "it\\\\'s");
    }

    @Test
    void nullIsSqlNull() {
        Map<String, String> params = new HashMap<>();
        params.put("x", null);
        assertThat(ParamValues.encode("SELECT {x:Nullable(String)}", params)).containsEntry("x", "\\N");
    }

    @Test
    void typesAreReadFromPlaceholders() {
        assertThat(ParamValues.placeholderTypes("SELECT {ts:DateTime64(3, 'UTC')} , { n : UInt64 }"))
                .containsEntry("ts", "DateTime64(3, 'UTC')")
                .containsEntry("n", "UInt64");
        assertThat(ParamValues.isComposite("LowCardinality(Nullable(String))")).isFalse();
        assertThat(ParamValues.isComposite("Nullable(Array(UInt8))")).isTrue();
        assertThat(ParamValues.isComposite(null)).isFalse();
    }
}
