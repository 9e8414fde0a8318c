package dev.tenantscope.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TableTest {
    private static Table.Builder facts() {
        return Table.named("facts")
                .column("tenant_id", "String")
                .column("day", "Date")
                .column("amount", "Decimal(18, 6)")
                .column("closed_at", "Nullable(DateTime64(3, 'UTC'))")
                .column("version", "UInt64")
                .versionedBy("version")
                .orderBy("tenant_id", "day");
    }

    @Nested
    class Describing {
        @Test
        void columnNamesKeepDeclaredOrder() {
            assertThat(facts().build().columnNames())
                    .containsExactly("tenant_id", "day", "amount", "closed_at", "version");
        }

        @Test
        void onlyNullableTypesAcceptNull() {
            Table t = facts().build();
            assertThat(t.column("closed_at").nullable()).isTrue();
            assertThat(t.column("amount").nullable()).isFalse();
        }

        @Test
        void tableExtendingAnotherStartsWithItsColumns() {
            Table base = facts().build();
            Table frozen = Table.named("frozen")
                    .columnsOf(base)
                    .column("month", "Date")
                    .versionedBy("version")
                    .orderBy("tenant_id", "month")
                    .build();
            assertThat(frozen.columnNames())
                    .containsExactly("tenant_id", "day", "amount", "closed_at", "version", "month");
        }

        @Test
        void unknownColumnIsRefusedNamingTheTableAndItsColumns() {
            assertThatThrownBy(() -> facts().build().column("amnt"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("table facts has no column 'amnt'")
                    .hasMessageContaining("[tenant_id, day, amount, closed_at, version]");
        }

        @Test
        void everyCataloguedTableIsFoundByName() {
            assertThat(Tables.all())
                    .allSatisfy(t -> assertThat(Tables.named(t.name())).isSameAs(t));
            assertThatThrownBy(() -> Tables.named("cost_weekly"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no catalogued table 'cost_weekly'")
                    .hasMessageContaining("cost_daily");
        }
    }

    @Nested
    class Refusing {
        @Test
        void duplicateColumn() {
            assertThatThrownBy(() -> facts().column("day", "Date").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("table facts declares column 'day' twice");
        }

        @Test
        void versionColumnThatIsNotAColumn() {
            assertThatThrownBy(() -> facts().versionedBy("revision").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("version column 'revision' is not one of its columns");
        }

        @Test
        void sortKeyColumnThatIsNotAColumn() {
            assertThatThrownBy(() -> facts().orderBy("tenant_id", "month").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sort key column 'month' is not one of its columns");
        }

        @Test
        void missingSortKey() {
            assertThatThrownBy(() -> facts().orderBy().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("table facts needs a sort key (ORDER BY)");
        }

        @Test
        void columnNameThatIsNotAnIdentifier() {
            assertThatThrownBy(() -> new Column("tenant id", "String"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 'tenant id'");
        }

        @Test
        void columnWithoutType() {
            assertThatThrownBy(() -> new Column("tenant_id", " "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column 'tenant_id' needs a ClickHouse type");
        }

        @Test
        void tableWithoutColumns() {
            assertThatThrownBy(() -> new Table("empty", List.of(), "version", List.of("version"), ""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("table empty needs at least one column");
        }
    }
}
