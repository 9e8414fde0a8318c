package dev.tenantscope.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.clickhouse.internal.ChdbResultStream;
import dev.tenantscope.clickhouse.testing.GeneratedRows;
import dev.tenantscope.clickhouse.testing.TestEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void failingInputStreamCancelsTheInsertAndLeavesTheEngineUsable() {
        try (ChdbClickHouse chdb = TestEngines.chdb(first)) {
            chdb.execute("CREATE TABLE broken_input (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
            InputStream failing = new SequenceInputStream(GeneratedRows.jsonEachRow(10), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk went away");
                }
            });
            for (int i = 0; i < 2 * ChdbClickHouse.DEFAULT_CONNECTIONS; i++) {
                assertThatThrownBy(() -> chdb.insert("broken_input", List.of("id", "name"), "JSONEachRow", failing))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasRootCauseMessage("disk went away");
            }
            chdb.insert("broken_input", List.of("id", "name"), "JSONEachRow", GeneratedRows.jsonEachRow(5));
            assertThat(chdb.rows("SELECT count() AS c FROM broken_input WHERE id < 5", Map.of())
                            .getFirst())
                    .containsEntry("c", 5);
        }
    }

    @Test
    void droppedStreamsAreReclaimedSoThePoolDoesNotStarve() throws Exception {
        try (ChdbClickHouse chdb = ChdbClickHouse.open(first, ChdbLibrary.fromEnvironment(), 2)) {
            long before = ChdbResultStream.leaked();
            for (int i = 0; i < 2; i++) {
                // neither read to the end nor closed: both pooled connections stay taken
                assertThat(chdb.query("SELECT number FROM numbers(10000000)", "RowBinary", Map.of())
                                .read())
                        .isZero();
            }
            for (int i = 0; i < 100 && ChdbResultStream.leaked() < before + 2; i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertThat(ChdbResultStream.leaked()).isGreaterThanOrEqualTo(before + 2);
            assertThat(chdb.rows("SELECT 3 AS three", Map.of()).getFirst()).containsEntry("three", 3);
        }
    }
}
