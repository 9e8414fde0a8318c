package dev.tenantscope.clickhouse;

import dev.tenantscope.clickhouse.internal.Migration;
import dev.tenantscope.clickhouse.internal.MigrationIndex;
import dev.tenantscope.clickhouse.internal.SqlScript;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Versioned schema migrations: plain {@code .sql} files listed, in order, by an index file
 * ({@code <location>/migrations.txt}) on the classpath — no directory scanning, so it works in jars. A
 * file may hold several statements separated by {@code ;} at the end of a line. Applied ones are
 * recorded in {@code schema_migrations} (version, name, checksum, applied_at).
 *
 * <p>A statement that fails leaves the earlier statements of its file applied and the file unrecorded,
 * so the next run re-executes them: write migrations idempotently ({@code IF NOT EXISTS}).
 */
public final class Migrations {
    /** Where tenantscope's own schema lives. */
    public static final String DEFAULT_LOCATION = "db/migration";

    public static final String DEFAULT_TABLE = "schema_migrations";

    private static final DateTimeFormatter APPLIED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final List<Migration> migrations;
    private final String table;
    private final Clock clock;

    private Migrations(List<Migration> migrations, String table, Clock clock) {
        this.migrations = migrations;
        this.table = table;
        this.clock = clock;
    }

    /** tenantscope's schema ({@value #DEFAULT_LOCATION}), recorded in {@value #DEFAULT_TABLE}. */
    public static Migrations tenantscope() {
        return fromClasspath(Migrations.class.getClassLoader(), DEFAULT_LOCATION, DEFAULT_TABLE, Clock.systemUTC());
    }

    public static Migrations fromClasspath(ClassLoader loader, String location, String table, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("migrations table name must be a plain identifier, got '" + table + "'");
        }
        return new Migrations(MigrationIndex.load(loader, location), table, clock);
    }

    /** The migration file names, in order. */
    public List<String> files() {
        return migrations.stream().map(Migration::file).toList();
    }

    /**
     * Applies the migrations not yet recorded, in order; returns the files applied (empty when already
     * up to date).
     *
     * @throws MigrationException when an applied file changed, or a statement failed (naming the file and
     *     carrying ClickHouse's error as the cause)
     */
    public List<String> apply(ClickHouseSql sql) {
        sql.execute("CREATE TABLE IF NOT EXISTS " + table + " (version UInt32, name String, checksum String,"
                + " applied_at DateTime64(3, 'UTC')) ENGINE = ReplacingMergeTree ORDER BY version");
        Map<Integer, Map<String, Object>> applied = new HashMap<>();
        for (Map<String, Object> row :
                sql.rows("SELECT version, name, checksum FROM " + table + " FINAL ORDER BY version")) {
            applied.put(((Number) row.get("version")).intValue(), row);
        }
        List<String> done = new ArrayList<>();
        for (Migration migration : migrations) {
            Map<String, Object> recorded = applied.get(migration.version());
            if (recorded != null) {
                if (!migration.checksum().equals(recorded.get("checksum"))) {
                    throw new MigrationException(
                            migration.file(),
                            "migration " + migration.file() + " changed after it was applied (checksum "
                                    + recorded.get("checksum") + " recorded, " + migration.checksum()
                                    + " now): add a new migration instead of editing an applied one",
                            null);
                }
                continue;
            }
            applyOne(sql, migration);
            done.add(migration.file());
        }
        return done;
    }

    private void applyOne(ClickHouseSql sql, Migration migration) {
        List<String> statements = SqlScript.split(migration.sql());
        for (int i = 0; i < statements.size(); i++) {
            try {
                sql.execute(statements.get(i));
            } catch (ClickHouseException e) {
                throw new MigrationException(
                        migration.file(),
                        "migration " + migration.file() + " failed at statement " + (i + 1) + " of " + statements.size()
                                + ": " + e.getMessage(),
                        e);
            }
        }
        sql.execute(
                "INSERT INTO " + table + " (version, name, checksum, applied_at) SELECT {version:UInt32},"
                        + " {name:String}, {checksum:String}, {applied_at:DateTime64(3, 'UTC')}",
                Map.of(
                        "version", Integer.toString(migration.version()),
                        "name", migration.name(),
                        "checksum", migration.checksum(),
                        "applied_at", APPLIED_AT.format(clock.instant())));
    }
}
