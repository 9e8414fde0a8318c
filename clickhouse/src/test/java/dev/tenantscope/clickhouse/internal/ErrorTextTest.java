package dev.tenantscope.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {
    @Test
    void parsesCodeNameAndMessage() {
        ErrorText e = ErrorText.parse("Code: 47. DB::Exception: Unknown expression identifier `x` in scope SELECT x."
                + " (UNKNOWN_IDENTIFIER) (version 26.7.2.1)");
        assertThat(e.code()).isEqualTo(47);
        assertThat(e.name()).isEqualTo("UNKNOWN_IDENTIFIER");
        assertThat(e.message()).isEqualTo("Unknown expression identifier `x` in scope SELECT x.");
    }

    @Test
    void findsTheNameOnALaterLine() {
        ErrorText e = ErrorText.parse(
                "Code: 27. DB::Exception: Cannot parse input: (at row 2)\n"
                        + ": While executing JSONEachRowRowInputFormat. (CANNOT_PARSE_INPUT_ASSERTION_FAILED) (version 26.7.2.1)");
        assertThat(e.code()).isEqualTo(27);
        assertThat(e.name()).isEqualTo("CANNOT_PARSE_INPUT_ASSERTION_FAILED");
        assertThat(e.message())
                .isEqualTo("Cannot parse input: (at row 2)\n: While executing JSONEachRowRowInputFormat.");
    }

    @Test
    void keepsAStackTraceAfterTheName() {
        ErrorText e = ErrorText.parse(
                "Code: 60. DB::Exception: Table default.t does not exist. (UNKNOWN_TABLE)\n0. frame one\n1. frame two");
        assertThat(e.name()).isEqualTo("UNKNOWN_TABLE");
        assertThat(e.message()).startsWith("Table default.t does not exist.").contains("frame two");
    }

    @Test
    void textWithoutCodeOrNameIsUnknown() {
        ErrorText e = ErrorText.parse("connection refused (at host)");
        assertThat(e.code()).isZero();
        assertThat(e.name()).isEqualTo("UNKNOWN");
        assertThat(e.message()).isEqualTo("connection refused (at host)");
        assertThat(ErrorText.parse(null).name()).isEqualTo("UNKNOWN");
    }
}
