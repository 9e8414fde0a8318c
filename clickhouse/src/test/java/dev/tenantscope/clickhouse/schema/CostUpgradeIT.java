package dev.tenantscope.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.internal.SqlScript;
import dev.tenantscope.clickhouse.testing.TestEngines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database written before record types and bases (V001 + V002) with V003: its cost rows become record
 * type Usage with every basis equal to their amount, so the streams application's replayed rows (record type Usage)
 * replace them instead of being counted beside them.
 */
class CostUpgradeIT {
    @Test
    void oldCostRowsBecomeUsageUnderEveryBasisAndAReplayedRowReplacesThem() throws IOException {
        try (ClickHouseSql sql = TestEngines.chdb(Files.createTempDirectory("tenantscope-upgrade-"))) {
            System.out.println("[catalogue] CostUpgradeIT RUNS on engine: " + sql.engine());
            for (String file : List.of("V001__initial_schema.sql", "V002__tenant_metrics_regions.sql")) {
                SqlScript.split(resource(file)).forEach(sql::execute);
            }
            sql.execute("INSERT INTO cost_daily (tenant_id, account_id, day, service, category, baseline_component,"
                    + " amount, currency, estimated, version) VALUES ('acme', '111111111111', '2026-02-01',"
                    + " 'Amazon EC2', 'workload', '', 12.5, 'USD', 0, 7)");
            sql.execute("INSERT INTO cost_restatements (tenant_id, account_id, month, day, service, frozen_version,"
                    + " frozen_amount, current_amount, delta, currency, detected_at, version) VALUES ('acme',"
                    + " '111111111111', '2026-02-01', '2026-02-01', 'Amazon EC2', 1, 12.5, 13, 0.5, 'USD',"
                    + " '2026-03-09 00:00:00.000', 8)");

            Migrations.tenantscope().apply(sql);

            Map<String, Object> row = sql.rows("SELECT record_type, toString(amount) AS u,"
                            + " toString(net_amortized_amount) AS na, toString(blended_amount) AS b, version"
                            + " FROM cost_daily FINAL")
                    .getFirst();
            assertThat(row).containsEntry("record_type", "Usage").containsEntry("na", row.get("u"));
            assertThat(row.get("b")).isEqualTo(row.get("u"));
            Map<String, Object> restated = sql.rows("SELECT record_type, category,"
                            + " toString(current_net_amortized_amount) AS cur FROM cost_restatements FINAL")
                    .getFirst();
            assertThat(restated)
                    .containsEntry("record_type", "Usage")
                    .containsEntry("category", "workload")
                    .containsEntry("cur", "13");

            // the same line replayed by the new streams application (record type Usage, higher version)
            sql.execute("INSERT INTO cost_daily (tenant_id, account_id, day, service, record_type, category,"
                    + " baseline_component, amount, currency, estimated, version) VALUES ('acme', '111111111111',"
                    + " '2026-02-01', 'Amazon EC2', 'Usage', 'workload', '', 12.75, 'USD', 0, 9)");
            assertThat(sql.rows("SELECT count() AS n, toString(sum(amount)) AS total FROM cost_daily FINAL"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(((Number) r.get("n")).longValue()).isEqualTo(1);
                        assertThat(r.get("total")).isEqualTo("12.75");
                    });
            assertThat(sql.rows("SELECT name FROM system.tables WHERE database = currentDatabase()"
                            + " AND name LIKE '%v003%'"))
                    .as("the rebuild leaves no table behind")
                    .isEmpty();
        }
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = CostUpgradeIT.class.getClassLoader().getResourceAsStream("db/migration/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
