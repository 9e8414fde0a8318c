package dev.tenantscope.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped dashboards are well-formed and only use the provisioned data sources. */
class DashboardJsonTest {
    /** tenantscope's tables: all ReplacingMergeTree, so a read without FINAL can double-count a replay. */
    private static final Set<String> TABLES = Set.of(
            "accounts",
            "collector_runs",
            "tenant_metrics",
            "cost_daily",
            "cost_month_close",
            "cost_restatements",
            "quota_usage",
            "alerts");

    private static final Pattern FROM_TABLE = Pattern.compile("(?i)\\bFROM\\s+([A-Za-z_][A-Za-z0-9_]*)(\\s+FINAL\\b)?");

    private final Map<String, JsonNode> dashboards = Dashboards.all();
    private final Map<String, String> dataSources = Dashboards.provisionedDataSources();

    @Test
    void theSixDashboardsShip() {
        assertThat(dashboards)
                .containsOnlyKeys(
                        "fleet-health.json",
                        "tenant-cost.json",
                        "baseline-overhead.json",
                        "noisy-tenants.json",
                        "quotas.json",
                        "collector.json");
    }

    @Test
    void provisioningDeclaresClickHouseAndPrometheusByUid() {
        assertThat(dataSources)
                .containsEntry("tenantscope-clickhouse", Dashboards.CLICKHOUSE)
                .containsEntry("tenantscope-prometheus", Dashboards.PROMETHEUS);
        assertThat(Dashboards.dashboardProviders())
                .singleElement()
                .satisfies(p -> assertThat(p.path("options").path("path").asText())
                        .as("the path docker-compose.yml mounts the dashboards at")
                        .isEqualTo("/var/lib/grafana/dashboards"));
    }

    @Test
    void everyDashboardHasAUniqueUidAndATitle() {
        Set<String> uids = new HashSet<>();
        dashboards.forEach((file, d) -> {
            assertThat(d.path("uid").asText()).as("uid of %s", file).isNotBlank();
            assertThat(d.path("uid").asText().length())
                    .as("uid of %s (Grafana allows 40 chars)", file)
                    .isLessThanOrEqualTo(40);
            assertThat(d.path("title").asText()).as("title of %s", file).isNotBlank();
            assertThat(uids.add(d.path("uid").asText()))
                    .as("uid of %s is used twice", file)
                    .isTrue();
            assertThat(Dashboards.panels(d)).as("panels of %s", file).isNotEmpty();
        });
    }

    @Test
    void everyPanelAndTargetUsesAProvisionedDataSourceOfItsType() {
        dashboards.forEach((file, d) -> {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : Dashboards.panels(d)) {
                String where = file + " / " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("panel id repeated: %s", where)
                        .isTrue();
                assertProvisioned(panel.path("datasource"), where);
                assertThat(panel.path("targets")).as("targets of %s", where).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    JsonNode ds = Dashboards.dataSource(panel, target);
                    assertProvisioned(ds, where + " [" + target.path("refId").asText() + "]");
                    if (Dashboards.CLICKHOUSE.equals(ds.path("type").asText())) {
                        assertThat(target.path("editorType").asText())
                                .as("editorType of %s", where)
                                .isEqualTo("sql");
                        assertThat(target.path("rawSql").asText())
                                .as("rawSql of %s", where)
                                .isNotBlank();
                        assertThat(target.path("format").asInt(-1))
                                .as("format of %s (0 time series, 1 table)", where)
                                .isIn(0, 1);
                    } else {
                        assertThat(target.path("expr").asText())
                                .as("PromQL of %s", where)
                                .isNotBlank();
                    }
                }
            }
            for (JsonNode variable : d.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asText())) {
                    assertProvisioned(
                            variable.path("datasource"),
                            file + " / $" + variable.path("name").asText());
                }
            }
        });
    }

    @Test
    void everyClickHouseQueryReadsTablesWithFinal() {
        dashboards.forEach((file, d) -> {
            for (JsonNode panel : Dashboards.panels(d)) {
                for (JsonNode target : panel.path("targets")) {
                    assertFinal(
                            target.path("rawSql").asText(),
                            file + " / " + panel.path("title").asText());
                }
            }
            for (JsonNode variable : d.path("templating").path("list")) {
                assertFinal(
                        Dashboards.variableSql(variable),
                        file + " / $" + variable.path("name").asText());
            }
        });
    }

    private void assertProvisioned(JsonNode ds, String where) {
        String uid = ds.path("uid").asText();
        assertThat(dataSources)
                .as("data source uid '%s' of %s is not provisioned", uid, where)
                .containsKey(uid);
        assertThat(ds.path("type").asText()).as("data source type of %s", where).isEqualTo(dataSources.get(uid));
    }

    private static void assertFinal(String sql, String where) {
        Matcher m = FROM_TABLE.matcher(sql);
        while (m.find()) {
            if (TABLES.contains(m.group(1))) {
                assertThat(m.group(2))
                        .as(
                                "%s reads %s without FINAL: ReplacingMergeTree rows are only deduplicated by FINAL"
                                        + " (or argMax)",
                                where, m.group(1))
                        .isNotNull();
            }
        }
    }

    @Test
    void findsTablesReadWithoutFinal() {
        Matcher m = FROM_TABLE.matcher("SELECT 1 FROM cost_daily WHERE x IN (SELECT y FROM accounts FINAL)");
        List<String> withoutFinal = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(2) == null) {
                withoutFinal.add(m.group(1));
            }
        }
        assertThat(withoutFinal).containsExactly("cost_daily");
    }
}
