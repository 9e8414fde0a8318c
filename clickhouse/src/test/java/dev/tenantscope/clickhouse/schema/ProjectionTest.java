package dev.tenantscope.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionTest {
    private static final Table CLOSE = Table.named("close")
            .column("tenant_id", "String")
            .column("day", "Date")
            .column("amount", "Decimal(18, 6)")
            .column("version", "UInt64")
            .column("month", "Date")
            .column("frozen_at", "DateTime64(3, 'UTC')")
            .versionedBy("version")
            .orderBy("tenant_id", "month", "day")
            .build();

    @Test
    void projectionOfTheTableHasEveryColumnInOrder() {
        assertThat(CLOSE.projection("all").columnNames()).isEqualTo(CLOSE.columnNames());
        assertThat(CLOSE.projection("all").selectList()).isEqualTo("tenant_id, day, amount, version, month, frozen_at");
    }

    @Test
    void withoutDropsNamedColumnsAndKeepsTheRestInOrder() {
        assertThat(CLOSE.projection("export").without("version").columnNames())
                .containsExactly("tenant_id", "day", "amount", "month", "frozen_at");
    }

    @Test
    void moveAfterPlacesTheNamedColumnsRightAfterTheAnchorInTheGivenOrder() {
        Projection p = CLOSE.projection("export").without("version").moveAfter("tenant_id", "month", "frozen_at");
        assertThat(p.columnNames()).containsExactly("tenant_id", "month", "frozen_at", "day", "amount");
        assertThat(p.name()).isEqualTo("export");
        assertThat(p.table()).isSameAs(CLOSE);
    }

    @Test
    void unknownOrDroppedColumnIsRefusedNamingWhatTheProjectionHas() {
        Projection p = CLOSE.projection("export").without("version");
        assertThatThrownBy(() -> p.without("version"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("projection 'export' of close has no column 'version';"
                        + " it has [tenant_id, day, amount, month, frozen_at]");
        assertThatThrownBy(() -> p.moveAfter("tenant", "month"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no column 'tenant'");
    }

    @Test
    void anchorCannotMoveAfterItself() {
        assertThatThrownBy(() -> CLOSE.projection("export").moveAfter("day", "day"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot move column 'day' after itself");
    }

    @Test
    void columnsOfAnotherTableAreRefused() {
        Column foreign = new Column("usage", "Float64");
        assertThatThrownBy(() -> new Projection("bad", CLOSE, List.of(foreign)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a column of close");
    }

    @Test
    void sameNameWithAnotherTypeIsNotTheTablesColumn() {
        Column retyped = new Column("amount", "Float64");
        assertThatThrownBy(() -> new Projection("bad", CLOSE, List.of(retyped)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a column of close");
    }

    @Test
    void emptyProjectionIsRefused() {
        assertThatThrownBy(() ->
                        CLOSE.projection("none").without(CLOSE.columnNames().toArray(String[]::new)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("projection 'none' of close has no columns");
    }
}
