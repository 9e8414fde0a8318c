package dev.tenantscope.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void quotesTableAndColumns() {
        assertThat(Identifiers.insertInto("db.t", List.of("a", "we`ird")))
                .isEqualTo("INSERT INTO `db`.`t` (`a`, `we\\`ird`)");
        assertThat(Identifiers.insertInto("t", List.of())).isEqualTo("INSERT INTO `t`");
    }
}
