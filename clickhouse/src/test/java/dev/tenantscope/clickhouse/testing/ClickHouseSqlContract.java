package dev.tenantscope.clickhouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tenantscope.clickhouse.ClickHouseException;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.MigrationException;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.schema.Table;
import dev.tenantscope.clickhouse.schema.Tables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * What every {@link ClickHouseSql} engine must do, with identical SQL. Subclasses say how to open the
 * engine over the same storage (called again after close to check persistence).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClickHouseSqlContract {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T12:00:00.123Z"), ZoneOffset.UTC);

    protected ClickHouseSql sql;

    /** Opens (or reopens) the engine under test over this suite's storage. */
    protected abstract ClickHouseSql open();

    private String unavailable;

    @BeforeAll
    void start() {
        try {
            sql = open();
        } catch (TestAbortedException e) {
            // reported on every test below as skipped, with the reason: never a silent zero
            unavailable = e.getMessage();
            return;
        }
        System.out.println("[contract] " + getClass().getSimpleName() + " RUNS on engine: " + sql.engine());
    }

    @BeforeEach
    void requireEngine() {
        assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    void stop() {
        if (sql != null) {
            sql.close();
        }
    }

    /** Rows with every value as text: engines differ on quoting 64-bit integers in JSON. */
    protected List<Map<String, String>> text(String query) {
        return text(query, Map.of());
    }

    protected List<Map<String, String>> text(String query, Map<String, String> params) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, Object> row : sql.rows(query, params)) {
            Map<String, String> converted = new java.util.LinkedHashMap<>();
            row.forEach((k, v) -> converted.put(k, String.valueOf(v)));
            out.add(converted);
        }
        return out;
    }

    protected static String table(String purpose) {
        return "t_" + purpose + "_" + TABLES.incrementAndGet() + "_"
                + ProcessHandle.current().pid();
    }

    private String createIdName(String purpose) {
        String t = table(purpose);
        sql.execute("CREATE TABLE " + t + " (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
        return t;
    }

    @Nested
    class Statements {
        @Test
        void ddlAndDmlRoundTrip() {
            String t = createIdName("dml");
            sql.execute(
                    "INSERT INTO " + t + " SELECT number, concat('n', toString(number)) FROM numbers({n:UInt32})",
                    Map.of("n", "10"));
            sql.execute(
                    "ALTER TABLE " + t + " DELETE WHERE id < {below:UInt64} SETTINGS mutations_sync = 1",
                    Map.of("below", "3"));

            List<Map<String, String>> rows =
                    text("SELECT count() AS c, min(id) AS lo, any(name) AS n FROM " + t + " WHERE id = 3");
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst()).containsEntry("lo", "3").containsEntry("n", "n3");
            assertThat(text("SELECT count() AS c FROM " + t).getFirst()).containsEntry("c", "7");

            sql.execute("DROP TABLE " + t);
            assertThat(text("EXISTS TABLE " + t).getFirst()).containsValue("0");
        }

        @Test
        void typedParametersBindAsTheirTypes() {
            Map<String, String> row = text(
                            "SELECT {n:UInt64} + 1 AS n, toString({d:Decimal(18, 6)}) AS d,"
                                    + " toString({ts:DateTime64(3, 'UTC')}) AS ts, length({a:Array(String)}) AS a,"
                                    + " {a:Array(String)}[2] AS second",
                            Map.of(
                                    "n", "41",
                                    "d", "123.456789",
                                    "ts", "2026-11-28 04:00:00.250",
                                    "a", "['x','it\\'s']"))
                    .getFirst();
            assertThat(row)
                    .containsEntry("n", "42")
                    .containsEntry("d", "123.456789")
                    .containsEntry("ts", "2026-11-28 04:00:00.250")
                    .containsEntry("a", "2")
                    .containsEntry("second", "it's");
        }

        @Test
        void queryStreamsAnyOutputFormat() throws IOException {
            try (InputStream in =
                    sql.query("SELECT number AS id, toString(number) AS s FROM numbers(3)", "CSVWithNames", Map.of())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("\"id\",\"s\"\n0,\"0\"\n1,\"1\"\n2,\"2\"\n");
            }
            try (InputStream in = sql.query("SELECT 1 AS one", "Parquet", Map.of())) {
                byte[] parquet = in.readAllBytes();
                assertThat(new String(parquet, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
            }
        }
    }

    static Stream<String> hostileStrings() {
        return Stream.of(
                "",
                "'",
                "\"",
                "\\",
                "\\'",
                "\\N",
                "'); DROP TABLE users; --",
                "' OR '1'='1",
                "{other:String}",
                "`backtick` $1 ? %s",
                "tab\there\nnewline\r\nCRLF",
                "nul\u0000byte",
                "😀 emoji, Ω≈ç√, 中文, עברית",
                "\u202Eright-to-left override",
                "e\u0301 combining, \uFEFF BOM, \u200B zero width",
                "x".repeat(5_000) + "'\\\"😀".repeat(1_000));
    }

    @ParameterizedTest
    @MethodSource("hostileStrings")
    void hostileStringsRoundTripAsData(String hostile) {
        String t = createIdName("hostile");
        sql.execute("INSERT INTO " + t + " SELECT 1, {s:String}", Map.of("s", hostile));

        assertThat(text("SELECT {s:String} AS s", Map.of("s", hostile)).getFirst())
                .containsEntry("s", hostile);
        List<Map<String, String>> matched =
                text("SELECT id, name FROM " + t + " WHERE name = {s:String}", Map.of("s", hostile));
        assertThat(matched).hasSize(1);
        assertThat(matched.getFirst()).containsEntry("name", hostile);
        assertThat(text("SELECT count() AS c FROM " + t).getFirst()).containsEntry("c", "1");
    }

    @Nested
    class Streaming {
        @Test
        void streamedQueryOfAMillionRowsArrivesComplete() throws IOException {
            long rows = 1_000_000;
            long start = System.nanoTime();
            long count = 0;
            long sum = 0;
            try (InputStream in = sql.query(
                    "SELECT number FROM numbers({n:UInt64})", "RowBinary", Map.of("n", Long.toString(rows)))) {
                byte[] buffer = new byte[8 * 8192];
                int filled = 0;
                int n;
                while ((n = in.read(buffer, filled, buffer.length - filled)) > 0) {
                    filled += n;
                    int whole = filled - filled % 8;
                    ByteBuffer view = ByteBuffer.wrap(buffer, 0, whole).order(ByteOrder.LITTLE_ENDIAN);
                    while (view.hasRemaining()) {
                        sum += view.getLong();
                        count++;
                    }
                    System.arraycopy(buffer, whole, buffer, 0, filled - whole);
                    filled -= whole;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(count).isEqualTo(rows);
            assertThat(sum).isEqualTo(rows * (rows - 1) / 2);
            System.out.printf(
                    "[measure] %s streamed read RowBinary: %d rows in %.3f s = %.0f rows/s%n",
                    sql.engine(), rows, seconds, rows / seconds);
        }

        @Test
        void hugeResultIsStreamedNotBufferedAndCanBeAbandoned() {
            // 10 billion rows (≈ 80 GB of RowBinary): only a streaming engine returns the first bytes
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (InputStream in = sql.query("SELECT number FROM numbers(10000000000)", "RowBinary", Map.of())) {
                    byte[] first = in.readNBytes(16 << 20);
                    assertThat(first).hasSize(16 << 20);
                }
            });
            assertThat(text("SELECT 1 AS one").getFirst()).containsEntry("one", "1");
        }

        @Test
        void abandonedStreamsReleaseTheirConnections() throws IOException {
            for (int i = 0; i < 40; i++) {
                try (InputStream in = sql.query("SELECT number FROM numbers(1000000)", "RowBinary", Map.of())) {
                    assertThat(in.readNBytes(8)).hasSize(8);
                }
            }
            assertThat(text("SELECT 2 AS two").getFirst()).containsEntry("two", "2");
        }
    }

    @Nested
    class Inserts {
        @Test
        void insertStreamRowBinary() {
            String t = createIdName("rowbinary");
            long rows = 1_000_000;
            long start = System.nanoTime();
            sql.insert(t, List.of("id", "name"), "RowBinary", GeneratedRows.rowBinary(rows));
            double seconds = (System.nanoTime() - start) / 1e9;

            Map<String, String> row = text("SELECT count() AS c, sum(id) AS s, max(name) AS m,"
                            + " countIf(name = concat('name-', toString(id))) AS ok FROM " + t)
                    .getFirst();
            assertThat(row)
                    .containsEntry("c", Long.toString(rows))
                    .containsEntry("s", Long.toString(rows * (rows - 1) / 2))
                    .containsEntry("ok", Long.toString(rows));
            System.out.printf(
                    "[measure] %s insert stream RowBinary: %d rows in %.3f s = %.0f rows/s%n",
                    sql.engine(), rows, seconds, rows / seconds);
        }

        @Test
        void insertStreamJsonEachRow() {
            String t = createIdName("json");
            long rows = 200_000;
            long start = System.nanoTime();
            sql.insert(t, List.of("id", "name"), "JSONEachRow", GeneratedRows.jsonEachRow(rows));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(text("SELECT count() AS c, uniqExact(name) AS u FROM " + t)
                            .getFirst())
                    .containsEntry("c", Long.toString(rows))
                    .containsEntry("u", Long.toString(rows));
            System.out.printf(
                    "[measure] %s insert stream JSONEachRow: %d rows in %.3f s = %.0f rows/s%n",
                    sql.engine(), rows, seconds, rows / seconds);
        }

        @Test
        void insertIntoColumnSubsetUsesDefaults() {
            String t = createIdName("subset");
            sql.insert(t, List.of("id"), "CSV", new ByteArrayInputStream("7\n8\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(text("SELECT id, name FROM " + t + " ORDER BY id"))
                    .containsExactly(Map.of("id", "7", "name", ""), Map.of("id", "8", "name", ""));
        }

        @Test
        void malformedInsertFailsAndEngineStaysUsable() {
            String t = createIdName("malformed");
            InputStream bad = new ByteArrayInputStream(
                    "{\"id\":1,\"name\":\"a\"}\n{\"id\": not json\n".getBytes(StandardCharsets.UTF_8));
            ClickHouseException e = catchThrowableOfType(
                    ClickHouseException.class, () -> sql.insert(t, List.of("id", "name"), "JSONEachRow", bad));
            assertThat(e).isNotNull();
            assertThat(e.code()).as(e.getMessage()).isPositive();
            assertThat(e.name()).as(e.getMessage()).isNotEqualTo("UNKNOWN");

            sql.insert(t, List.of("id", "name"), "JSONEachRow", GeneratedRows.jsonEachRow(3));
            assertThat(text("SELECT count() AS c FROM " + t + " WHERE id < 3").getFirst())
                    .containsEntry("c", "3");
        }
    }

    @Nested
    class Errors {
        @Test
        void unknownIdentifierCarriesCodeNameAndMessage() {
            ClickHouseException e = catchThrowableOfType(
                    ClickHouseException.class, () -> text("SELECT no_such_column_xyz FROM numbers(1)"));
            assertThat(e.code()).isEqualTo(47);
            assertThat(e.name()).isEqualTo("UNKNOWN_IDENTIFIER");
            assertThat(e.clickHouseMessage()).contains("no_such_column_xyz");
            assertThat(e).hasMessageStartingWith("ClickHouse error 47 (UNKNOWN_IDENTIFIER): ");
        }

        @Test
        void unknownTableAndSyntaxErrorAreDistinguished() {
            assertThatThrownBy(() -> sql.execute("INSERT INTO no_such_table_xyz SELECT 1"))
                    .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                        assertThat(e.code()).isEqualTo(60);
                        assertThat(e.name()).isEqualTo("UNKNOWN_TABLE");
                    });
            assertThatThrownBy(() -> sql.execute("SELEC 1")).isInstanceOfSatisfying(ClickHouseException.class, e -> {
                assertThat(e.code()).isEqualTo(62);
                assertThat(e.name()).isEqualTo("SYNTAX_ERROR");
            });
        }

        @Test
        void missingParameterIsAnError() {
            assertThatThrownBy(() -> text("SELECT {absent:String} AS x"))
                    .isInstanceOfSatisfying(
                            ClickHouseException.class,
                            e -> assertThat(e.clickHouseMessage()).contains("absent"));
        }

        @Test
        void errorInTheMiddleOfAStreamSurfacesOnRead() {
            assertThatThrownBy(() -> {
                        try (InputStream in = sql.query(
                                "SELECT throwIf(number = 700000, 'boom in the middle') AS x FROM numbers(1000000)",
                                "RowBinary",
                                Map.of())) {
                            in.transferTo(OutputStreamSink.INSTANCE);
                        }
                    })
                    .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                        assertThat(e.code()).isEqualTo(395);
                        assertThat(e.name()).isEqualTo("FUNCTION_THROW_IF_VALUE_IS_NON_ZERO");
                        assertThat(e.clickHouseMessage()).contains("boom in the middle");
                    });
        }

        @Test
        void engineStaysUsableAfterManyErrors() {
            for (int i = 0; i < 30; i++) {
                assertThatThrownBy(() -> sql.execute("SELECT * FROM no_such_table_abc"))
                        .isInstanceOf(ClickHouseException.class);
            }
            assertThat(text("SELECT 1 + 1 AS two").getFirst()).containsEntry("two", "2");
        }
    }

    @Test
    void concurrentQueriesFromSeveralThreads() throws Exception {
        String t = createIdName("concurrent");
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int thread = th;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long n = 1000L * thread + i + 1;
                        Map<String, String> row = text(
                                        "SELECT sum(number) AS s FROM numbers({n:UInt64})",
                                        Map.of("n", Long.toString(n)))
                                .getFirst();
                        assertThat(row).containsEntry("s", Long.toString(n * (n - 1) / 2));
                        if (i % 5 == 0) {
                            sql.insert(t, List.of("id", "name"), "JSONEachRow", GeneratedRows.jsonEachRow(100));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(text("SELECT count() AS c FROM " + t).getFirst())
                .containsEntry("c", Long.toString(threads * (perThread / 5) * 100L));
    }

    @Test
    void dataPersistsAcrossCloseAndReopen() {
        String t = createIdName("persist");
        sql.execute("INSERT INTO " + t + " SELECT number, 'kept' FROM numbers(1234)");
        sql.close();
        sql = null;

        sql = open();
        assertThat(text("SELECT count() AS c, any(name) AS n FROM " + t).getFirst())
                .containsEntry("c", "1234")
                .containsEntry("n", "kept");
    }

    @Nested
    class SchemaMigrations {
        private Migrations migrations(String location) {
            return Migrations.fromClasspath(getClass().getClassLoader(), location, table("migrations"), CLOCK);
        }

        @Test
        void tenantscopeSchemaAppliesOnceThenIsANoOp() {
            Migrations schema = migrations(Migrations.DEFAULT_LOCATION);
            assertThat(schema.apply(sql))
                    .containsExactly(
                            "V001__initial_schema.sql",
                            "V002__tenant_metrics_regions.sql",
                            "V003__cost_bases_and_record_types.sql",
                            "V004__collector_run_spend_precision.sql",
                            "V005__cost_monthly.sql");
            assertThat(schema.apply(sql)).isEmpty();

            assertThat(LiveSchema.tables(sql))
                    .containsAll(Tables.all().stream().map(Table::name).toList());
            assertThat(text("SELECT type FROM system.columns WHERE database = currentDatabase()"
                                    + " AND table = 'cost_daily' AND name = 'amount'")
                            .getFirst())
                    .containsEntry("type", "Decimal(18, 6)");
            assertThat(text("SELECT type FROM system.columns WHERE database = currentDatabase()"
                                    + " AND table = 'collector_runs' AND name = 'api_spend'")
                            .getFirst())
                    .containsEntry("type", "Decimal(18, 9)");
            // one CloudWatch GetMetricData call for 35 metrics: $0.00035, and an eighth of it
            sql.insert(
                    "collector_runs",
                    List.of("account_id", "started_at", "api_spend", "currency", "version"),
                    "JSONEachRow",
                    new ByteArrayInputStream(("{\"account_id\":\"1\",\"started_at\":\"2026-11-01 00:00:00.000\","
                                    + "\"api_spend\":\"0.000043750\",\"currency\":\"USD\",\"version\":1}\n")
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(text("SELECT toString(sum(api_spend)) AS s FROM collector_runs")
                            .getFirst())
                    .containsEntry("s", "0.00004375");
        }

        /** The catalogue on this engine too (TableCatalogueIT also checks no table is left uncatalogued). */
        @Test
        void migratedSchemaMatchesTheTableCatalogue() {
            migrations(Migrations.DEFAULT_LOCATION).apply(sql);
            assertThat(Tables.all())
                    .allSatisfy(t -> assertThat(LiveSchema.read(sql, t.name()))
                            .as("%s after the migrations", t.name())
                            .isEqualTo(t));
        }

        @Test
        void appliedMigrationIsRecordedWithChecksumAndTime() {
            String recorded = table("migrations");
            Migrations schema =
                    Migrations.fromClasspath(getClass().getClassLoader(), Migrations.DEFAULT_LOCATION, recorded, CLOCK);
            schema.apply(sql);
            Map<String, String> row = text("SELECT version, name, length(checksum) AS len,"
                            + " toString(applied_at) AS at FROM " + recorded + " ORDER BY version")
                    .getFirst();
            assertThat(row)
                    .containsEntry("version", "1")
                    .containsEntry("name", "initial_schema")
                    .containsEntry("len", "64")
                    .containsEntry("at", "2026-11-01 12:00:00.123");
        }

        @Test
        void replacingTablesKeepTheLatestVersion() {
            migrations(Migrations.DEFAULT_LOCATION).apply(sql);
            String account = "acct-" + TABLES.incrementAndGet();
            for (int version = 1; version <= 3; version++) {
                sql.execute(
                        "INSERT INTO accounts (account_id, tenant_id, tier, environment, status, observability,"
                                + " unobservable_reason, joined_at, version) SELECT {a:String}, 'tenant-1', 'gold',"
                                + " 'prod', {status:String}, 'OBSERVABLE', '', now64(3), {v:UInt64}",
                        Map.of("a", account, "status", version == 3 ? "SUSPENDED" : "ACTIVE", "v", "" + version));
            }
            assertThat(text("SELECT status FROM accounts FINAL WHERE account_id = {a:String}", Map.of("a", account)))
                    .containsExactly(Map.of("status", "SUSPENDED"));
        }

        @Test
        void failingMigrationNamesTheFileAndCarriesClickHouseError() {
            Migrations failing = migrations("migrations/failing");
            MigrationException e = catchThrowableOfType(MigrationException.class, () -> failing.apply(sql));
            assertThat(e).isNotNull();
            assertThat(e.file()).isEqualTo("V002__broken.sql");
            assertThat(e).hasMessageContaining("V002__broken.sql").hasMessageContaining("statement 2 of 2");
            assertThat(e.clickHouseError().code()).isEqualTo(50);
            assertThat(e.clickHouseError().name()).isEqualTo("UNKNOWN_TYPE");
        }

        @Test
        void changedAppliedMigrationIsDetected() {
            String recorded = table("migrations");
            ClassLoader loader = getClass().getClassLoader();
            Migrations.fromClasspath(loader, "migrations/changed-before", recorded, CLOCK)
                    .apply(sql);
            Migrations after = Migrations.fromClasspath(loader, "migrations/changed-after", recorded, CLOCK);

            assertThatThrownBy(() -> after.apply(sql))
                    .isInstanceOfSatisfying(
                            MigrationException.class, e -> assertThat(e.file()).isEqualTo("V001__create.sql"))
                    .hasMessageContaining("V001__create.sql changed after it was applied");
        }
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
