package dev.tenantscope.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.testing.LiveSchema;
import dev.tenantscope.clickhouse.testing.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema test: tenantscope's migrations applied to an empty chDB database leave exactly the tables the
 * catalogue ({@link Tables}) describes — every column's name, type and position, the version column, sort key and
 * partition key — and no table the catalogue does not know (other than its deliberate, explained exclusions).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableCatalogueIT {
    private ClickHouseSql sql;

    @BeforeAll
    void migrateAnEmptyDatabase() throws IOException {
        sql = TestEngines.chdb(Files.createTempDirectory("tenantscope-catalogue-"));
        System.out.println("[catalogue] TableCatalogueIT RUNS on engine: " + sql.engine());
        Migrations.tenantscope().apply(sql);
    }

    @AfterAll
    void close() {
        sql.close();
    }

    List<Table> catalogued() {
        return Tables.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogued")
    void cataloguedTableMatchesTheMigratedOne(Table catalogued) {
        Table migrated = LiveSchema.read(sql, catalogued.name());

        assertThat(migrated.columns())
                .as("%s columns (name, type, order) after the migrations", catalogued.name())
                .containsExactlyElementsOf(catalogued.columns());
        assertThat(migrated.versionColumn())
                .as("%s version column", catalogued.name())
                .isEqualTo(catalogued.versionColumn());
        assertThat(migrated.sortKey()).as("%s sort key", catalogued.name()).isEqualTo(catalogued.sortKey());
        assertThat(migrated.partitionKey())
                .as("%s partition key", catalogued.name())
                .isEqualTo(catalogued.partitionKey());
        assertThat(migrated).isEqualTo(catalogued);
    }

    @Test
    void everyMigratedTableIsCataloguedOrExcludedWithAReason() {
        Set<String> known = new TreeSet<>(Tables.NOT_CATALOGUED.keySet());
        Tables.all().forEach(t -> known.add(t.name()));

        assertThat(LiveSchema.tables(sql))
                .as("tables in a freshly migrated database: add new ones to Tables (or to Tables.NOT_CATALOGUED"
                        + " with the reason)")
                .containsExactlyInAnyOrderElementsOf(known);
        assertThat(Tables.NOT_CATALOGUED.values())
                .allSatisfy(reason -> assertThat(reason).isNotBlank());
    }
}
