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
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cost_monthly recomputed from cost_daily (chDB): restated and zeroed days replace their old value, other tenants
 * and months are left alone, any tenant id stays one tenant, a recomputation that saw an older state loses, and
 * V005 fills the table from the cost already in cost_daily.
 */
class CostMonthlyIT {
    private static final YearMonth FEB = YearMonth.of(2026, 2);
    private static final String HOSTILE = "o'brien\\\"; DROP TABLE x;-- ,☃]['";

    private ClickHouseSql sql;

    @BeforeEach
    void migrate() throws IOException {
        sql = TestEngines.chdb(Files.createTempDirectory("tenantscope-cost-monthly-"));
        Migrations.tenantscope().apply(sql);
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void aRestatedAndAZeroedDayReplaceTheirOldValueInsteadOfAddingToIt() {
        daily("acme", "111111111111", "2026-02-01", "Amazon EC2", "10.25", 1);
        daily("acme", "111111111112", "2026-02-02", "Amazon EC2", "5", 1);
        daily("acme", "111111111111", "2026-02-03", "AWS Lambda", "2", 1);
        CostMonthly.refresh(sql, FEB, List.of("acme"));
        assertThat(monthly("acme", "Amazon EC2")).isEqualTo("15.25 last 2026-02-02");

        daily("acme", "111111111111", "2026-02-01", "Amazon EC2", "11", 2); // restated
        daily("acme", "111111111112", "2026-02-02", "Amazon EC2", "0", 2); // dropped by a later pull: zeroed
        CostMonthly.refresh(sql, FEB, List.of("acme"));

        assertThat(monthly("acme", "Amazon EC2")).isEqualTo("11 last 2026-02-02");
        assertThat(monthly("acme", "AWS Lambda")).isEqualTo("2 last 2026-02-03");
    }

    @Test
    void onlyTheTenantMonthsAskedForAreRecomputed() {
        daily("acme", "111111111111", "2026-02-01", "Amazon EC2", "1", 1);
        daily("globex", "222222222222", "2026-02-01", "Amazon EC2", "2", 1);
        daily("acme", "111111111111", "2026-03-01", "Amazon EC2", "3", 1);

        CostMonthly.refresh(sql, FEB, List.of("acme"));

        assertThat(sql.rows("SELECT tenant_id, toString(month) AS m FROM cost_monthly FINAL"))
                .containsExactly(Map.of("tenant_id", "acme", "m", "2026-02-01"));
    }

    @Test
    void anyTenantIdIsOneTenant() {
        daily(HOSTILE, "444444444441", "2026-02-10", "Amazon S3", "4.5", 1);
        daily("o", "444444444442", "2026-02-10", "Amazon S3", "100", 1);

        CostMonthly.refresh(sql, FEB, List.of(HOSTILE));

        assertThat(monthly(HOSTILE, "Amazon S3")).isEqualTo("4.5 last 2026-02-10");
        assertThat(sql.rows("SELECT toString(count()) AS n FROM cost_monthly").getFirst())
                .containsEntry("n", "1");
    }

    @Test
    void aRecomputationThatSawAnOlderStateLosesEvenWhenWrittenLast() {
        daily("acme", "111111111111", "2026-02-01", "Amazon EC2", "10", 5);
        daily("acme", "111111111111", "2026-02-02", "Amazon EC2", "1", 9);
        // what an instance reads before the restatement lands, and writes after the newer recomputation
        List<Map<String, Object>> stale = sql.rows("SELECT toString(sum(amount)) AS a, toString(sum(version)) AS v"
                + " FROM cost_daily FINAL WHERE tenant_id = 'acme'");

        daily("acme", "111111111111", "2026-02-01", "Amazon EC2", "12", 7); // the max version stays 9
        CostMonthly.refresh(sql, FEB, List.of("acme"));
        sql.execute("INSERT INTO cost_monthly (tenant_id, month, service, category, currency, amount,"
                + " net_unblended_amount, amortized_amount, net_amortized_amount, blended_amount, last_day, version)"
                + " VALUES ('acme', '2026-02-01', 'Amazon EC2', 'workload', 'USD', "
                + stale.getFirst().get("a")
                + ", 0, 0, 0, 0, '2026-02-02', " + stale.getFirst().get("v") + ")");

        assertThat(monthly("acme", "Amazon EC2")).isEqualTo("13 last 2026-02-02");
    }

    @Test
    void theMigrationFillsTheMonthlyRowsOfCostAlreadyInCostDaily() throws IOException {
        sql.close(); // chDB serves one storage path per process
        sql = TestEngines.chdb(Files.createTempDirectory("tenantscope-cost-monthly-v004-"));
        for (String file : List.of(
                "V001__initial_schema.sql",
                "V002__tenant_metrics_regions.sql",
                "V003__cost_bases_and_record_types.sql",
                "V004__collector_run_spend_precision.sql")) {
            SqlScript.split(resource(file)).forEach(sql::execute);
        }
        daily("acme", "111111111111", "2026-01-31", "Amazon EC2", "1.5", 1);
        daily("acme", "111111111111", "2026-02-01", "Amazon EC2", "2", 1);
        daily("acme", "111111111111", "2026-02-01", "Amazon EC2", "2.5", 2);

        SqlScript.split(resource("V005__cost_monthly.sql")).forEach(sql::execute);

        assertThat(monthly("acme", "Amazon EC2")).isEqualTo("2.5 last 2026-02-01");
        assertThat(sql.rows("SELECT toString(amount) AS a FROM cost_monthly FINAL WHERE month = '2026-01-01'"))
                .containsExactly(Map.of("a", "1.5"));
    }

    private void daily(String tenant, String account, String day, String service, String amount, long version) {
        sql.execute(
                "INSERT INTO cost_daily (tenant_id, account_id, day, service, record_type, category,"
                        + " baseline_component, amount, net_unblended_amount, amortized_amount, net_amortized_amount,"
                        + " blended_amount, currency, estimated, version) VALUES ({tenant:String}, {account:String},"
                        + " {day:Date}, {service:String}, 'Usage', 'workload', '', {amount:Decimal(18, 6)},"
                        + " {amount:Decimal(18, 6)}, {amount:Decimal(18, 6)}, {amount:Decimal(18, 6)},"
                        + " {amount:Decimal(18, 6)}, 'USD', 0, {version:UInt64})",
                Map.of(
                        "tenant", tenant,
                        "account", account,
                        "day", day,
                        "service", service,
                        "amount", amount,
                        "version", Long.toString(version)));
    }

    /** "amount last last_day" of a tenant's February row of a service, every basis checked equal. */
    private String monthly(String tenant, String service) {
        List<Map<String, Object>> rows = sql.rows(
                "SELECT toString(amount) AS a, toString(blended_amount) AS b, toString(last_day) AS last"
                        + " FROM cost_monthly FINAL WHERE tenant_id = {tenant:String} AND month = '2026-02-01'"
                        + " AND service = {service:String}",
                Map.of("tenant", tenant, "service", service));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().get("b")).isEqualTo(rows.getFirst().get("a"));
        return rows.getFirst().get("a") + " last " + rows.getFirst().get("last");
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream("db/migration/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
