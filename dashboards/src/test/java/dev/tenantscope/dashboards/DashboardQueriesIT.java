package dev.tenantscope.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantscope.clickhouse.ClickHouseException;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.testing.TestEngines;
import dev.tenantscope.dashboards.GrafanaMacros.TimeRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every ClickHouse panel query of every shipped dashboard — macros and template variables expanded as
 * Grafana would for the dashboard's default time range — against tenantscope's schema (the real migrations)
 * loaded with demo-like data ({@code demo-data.sql}). A query that errors, returns no rows, or (for a
 * single-row aggregate) only zeros and nulls fails its own test, named after the dashboard and panel; so does a
 * panel whose values differ from the figures {@link PanelFigures} works out from the data's formulas.
 * Prometheus panels are checked by {@link DashboardJsonTest} only.
 *
 * <p>Engine: the ClickHouse server named by {@code TENANTSCOPE_CLICKHOUSE_URL} when set, else embedded chDB;
 * the output says which.
 */
class DashboardQueriesIT {
    @TempDir
    static Path chdbDir;

    private static ClickHouseSql sql;
    private static Instant now;

    @BeforeAll
    static void loadSchemaAndDemoData() {
        sql = TestEngines.serverUrl()
                .<ClickHouseSql>map(TestEngines::server)
                .orElseGet(() -> TestEngines.chdb(chdbDir));
        System.out.println("[dashboards] backend: " + sql.engine());
        List<String> applied = Migrations.tenantscope().apply(sql);
        System.out.println("[dashboards] migrations applied: " + applied);
        for (String statement : statements(resource("/demo-data.sql"))) {
            sql.execute(statement);
        }
        // the range ends on a whole second after the load: Grafana's macros have second precision, so a range
        // ending inside the second of the load would keep or drop a run loaded exactly 6 h before by chance
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        try {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), now).toMillis() + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void close() {
        if (sql != null) {
            sql.close();
        }
    }

    private static final Map<String, Consumer<List<Map<String, Object>>>> FIGURES = PanelFigures.expected();
    private static final Set<String> FIGURES_CHECKED = ConcurrentHashMap.newKeySet();

    @TestFactory
    Stream<DynamicNode> everyClickHousePanelQueryRunsAndReturnsRows() {
        List<DynamicNode> perDashboard = new ArrayList<>();
        Dashboards.all()
                .forEach((file, dashboard) -> perDashboard.add(
                        dynamicContainer(dashboard.path("title").asText() + " (" + file + ")", panelTests(dashboard))));
        // a renamed panel must not drop its figures silently
        perDashboard.add(dynamicTest(
                "every known figure was compared with its panel",
                () -> assertThat(FIGURES_CHECKED).containsExactlyInAnyOrderElementsOf(FIGURES.keySet())));
        return perDashboard.stream();
    }

    private static Stream<DynamicNode> panelTests(JsonNode dashboard) {
        TimeRange range = TimeRange.relative(
                dashboard.path("time").path("from").asText(),
                dashboard.path("time").path("to").asText(),
                now);
        Map<String, String> variables = new LinkedHashMap<>();
        List<DynamicNode> tests = new ArrayList<>();
        // variables first, in order: a variable's query may use the ones before it, panels use all
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            tests.add(dynamicTest("variable $" + name, () -> {
                String value = variableValue(variable, range, variables);
                variables.put(name, value);
            }));
        }
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                if (!Dashboards.CLICKHOUSE.equals(
                        Dashboards.dataSource(panel, target).path("type").asText())) {
                    continue;
                }
                String name = "panel '" + panel.path("title").asText() + "' ["
                        + target.path("refId").asText() + "]";
                String where = dashboard.path("title").asText() + " / " + name;
                String figure = dashboard.path("title").asText() + " / "
                        + panel.path("title").asText() + " ("
                        + panel.path("type").asText() + ")";
                tests.add(dynamicTest(name, () -> {
                    List<Map<String, Object>> rows =
                            runPanel(where, target.path("rawSql").asText(), range, variables);
                    Consumer<List<Map<String, Object>>> check = FIGURES.get(figure);
                    if (check != null) {
                        check.accept(rows);
                        FIGURES_CHECKED.add(figure);
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static String variableValue(JsonNode variable, TimeRange range, Map<String, String> known) {
        String type = variable.path("type").asText();
        if (!"query".equals(type)) {
            JsonNode current = variable.path("current").path("value");
            assertThat(current.isTextual())
                    .as("current value of $%s (%s)", variable.path("name").asText(), type)
                    .isTrue();
            return current.asText();
        }
        String query = GrafanaMacros.expand(Dashboards.variableSql(variable), range, known);
        List<Map<String, Object>> rows =
                run("variable $" + variable.path("name").asText(), query);
        assertThat(rows)
                .as(
                        "variable $%s has no values; its query:%n%s",
                        variable.path("name").asText(), query)
                .isNotEmpty();
        Object first = rows.get(0).values().iterator().next();
        System.out.println("[dashboards] $" + variable.path("name").asText() + " = " + first);
        return String.valueOf(first);
    }

    private static List<Map<String, Object>> runPanel(
            String name, String rawSql, TimeRange range, Map<String, String> variables) {
        String query = GrafanaMacros.expand(rawSql, range, variables);
        List<Map<String, Object>> rows = run(name, query);
        System.out.println(
                "[dashboards] " + name + ": " + rows.size() + " row(s), first " + (rows.isEmpty() ? "-" : rows.get(0)));
        assertThat(rows)
                .as("%s returned no rows for the demo data; the query ran was:%n%s", name, query)
                .isNotEmpty();
        // an aggregate always returns one row: it must also have found something, or the panel proves nothing
        if (rows.size() == 1) {
            assertThat(rows.get(0).values())
                    .as("%s returned only zeros/nulls for the demo data: %s; the query ran was:%n%s", name, rows, query)
                    .anyMatch(DashboardQueriesIT::isSomething);
        }
        return rows;
    }

    private static boolean isSomething(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        String s = value.toString();
        return !s.isEmpty() && !s.matches("0(\\.0+)?") && !s.equals("nan");
    }

    private static List<Map<String, Object>> run(String name, String query) {
        try {
            return sql.rows(query);
        } catch (ClickHouseException e) {
            throw new AssertionError(
                    name + " failed on " + sql.engine() + ": " + e.getMessage() + "\nquery:\n" + query, e);
        }
    }

    /** Statements end with ';' at the end of a line; '--' lines are comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String s = current.toString().strip();
                statements.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String resource(String name) {
        try (InputStream in = DashboardQueriesIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
