package dev.tenantscope.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {
    @Test
    void splitsAtSemicolonsEndingALine() {
        assertThat(SqlScript.split("CREATE TABLE a (x String DEFAULT ';')\nENGINE = Memory;  \n\nSELECT 1;\nSELECT 2"))
                .containsExactly("CREATE TABLE a (x String DEFAULT ';')\nENGINE = Memory", "SELECT 1", "SELECT 2");
    }

    @Test
    void dropsCommentOnlyChunksButKeepsCommentsInsideStatements() {
        assertThat(SqlScript.split("-- header\n\nSELECT 1 -- one\n, 2;\n-- trailing comment\n"))
                .containsExactly("-- header\n\nSELECT 1 -- one\n, 2");
    }

    @Test
    void acceptsWindowsLineEndings() {
        assertThat(SqlScript.split("SELECT 1;\r\nSELECT 2;\r\n")).containsExactly("SELECT 1", "SELECT 2");
    }
}
