package dev.tenantscope.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.clickhouse.testing.TestEngines;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chDB's one-storage-path-per-process rule, as the process-wide engine enforces it. */
class ChdbEngineIT {
    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void reportsItsVersion() {
        try (ChdbClickHouse chdb = TestEngines.chdb(first)) {
            assertThat(chdb.engine()).isEqualTo("chdb 26.7.3");
        }
    }

    @Test
    void openingTheSamePathAgainSharesTheEngine() {
        try (ChdbClickHouse a = TestEngines.chdb(first)) {
            a.execute("CREATE TABLE shared (x UInt8) ENGINE = MergeTree ORDER BY x");
            try (ChdbClickHouse b =
                    TestEngines.chdb(first.resolve(".").resolve("x").resolve(".."))) {
                b.execute("INSERT INTO shared VALUES (1)");
            }
            // closing b left a (and the engine) open
            assertThat(a.rows("SELECT count() AS c FROM shared", Map.of()).getFirst())
                    .containsEntry("c", 1);
        }
    }

    @Test
    void openingAnotherPathWhileOneIsOpenFailsClearly() {
        try (ChdbClickHouse a = TestEngines.chdb(first)) {
            assertThatThrownBy(() -> TestEngines.chdb(second))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open at " + first.toAbsolutePath())
                    .hasMessageContaining("one storage path per process")
                    .hasMessageContaining(second.toAbsolutePath().toString());
            assertThat(a.rows("SELECT 1 AS one", Map.of())).hasSize(1);
        }
        // once closed, another path opens
        try (ChdbClickHouse b = TestEngines.chdb(second)) {
            assertThat(b.rows("SELECT 1 AS one", Map.of())).hasSize(1);
        }
    }

    @Test
    void closedHandleRefusesWork() {
        ChdbClickHouse chdb = TestEngines.chdb(first);
        chdb.close();
        chdb.close(); // idempotent
        assertThatThrownBy(() -> chdb.execute("SELECT 1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
