package dev.tenantscope.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationIndexTest {
    private static final Map<String, String> FILES = Map.of(
            "V001__first.sql", "SELECT 1;\n",
            "V002__second_one.sql", "SELECT 2;\n",
            "V001__crlf.sql", "SELECT 1;\r\n");

    @Test
    void readsFilesInIndexOrderWithChecksums() {
        List<Migration> migrations =
                MigrationIndex.parse("# comment\nV001__first.sql\n\nV002__second_one.sql\n", "idx", FILES::get);
        assertThat(migrations).extracting(Migration::version).containsExactly(1, 2);
        assertThat(migrations).extracting(Migration::name).containsExactly("first", "second_one");
        assertThat(migrations.getFirst().checksum()).hasSize(64);
    }

    @Test
    void lineEndingsDoNotChangeTheChecksum() {
        String lf = MigrationIndex.parse("V001__first.sql", "idx", FILES::get)
                .getFirst()
                .checksum();
        String crlf = MigrationIndex.parse("V001__crlf.sql", "idx", FILES::get)
                .getFirst()
                .checksum();
        assertThat(crlf).isEqualTo(lf);
    }

    @Test
    void rejectsBadNamesOrderAndMissingFiles() {
        assertThatThrownBy(() -> MigrationIndex.parse("V1__x.sql", "db/migration/migrations.txt", FILES::get))
                .hasMessageContaining("db/migration/migrations.txt line 1")
                .hasMessageContaining("expected V<3+ digits>__<lower_snake_name>.sql");
        assertThatThrownBy(() -> MigrationIndex.parse("V002__second_one.sql\nV001__first.sql", "idx", FILES::get))
                .hasMessageContaining("line 2")
                .hasMessageContaining("must be greater than the previous one (2)");
        assertThatThrownBy(() -> MigrationIndex.parse("V003__absent.sql", "idx", FILES::get))
                .hasMessageContaining("V003__absent.sql, which is not on the classpath");
    }

    @Test
    void theShippedIndexListsTheInitialSchema() {
        assertThat(MigrationIndex.load(getClass().getClassLoader(), "db/migration"))
                .extracting(Migration::file)
                .startsWith("V001__initial_schema.sql");
    }

    @Test
    void theInitialSchemaSplitsIntoEightTables() {
        String sql = MigrationIndex.load(getClass().getClassLoader(), "db/migration")
                .getFirst()
                .sql();
        assertThat(SqlScript.split(sql))
                .hasSize(8)
                .allSatisfy(statement -> assertThat(statement).contains("CREATE TABLE IF NOT EXISTS"));
    }
}
