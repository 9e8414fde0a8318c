package dev.tenantscope.queryapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overview page in headless Debian chromium (driven by playwright-core from npm): its figures equal
 * the fixture's. {@code src/test/browser/setup.sh} installs chromium (apt-get, as root) and runs
 * {@code npm ci}; when either is impossible this test fails and says why — it never skips.
 */
class OverviewBrowserIT {
    private static final Path SOURCE = Path.of("src/test/browser");
    private static final Path WORK = Path.of("target/browser");
    private static JsonNode page;

    @BeforeAll
    static void loadPageInChromium() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "overview.mjs", "setup.sh")) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        String setup = run(List.of("bash", WORK.resolve("setup.sh").toString(), WORK.toString()), 900);
        System.out.println(
                "[browser IT] " + setup.strip().lines().reduce((a, b) -> b).orElse(""));
        TestApi api = TestApi.get();
        String out = run(List.of("node", "overview.mjs", api.server.uri().toString(), TestApi.ADMIN), 120, WORK);
        page = TestApi.JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        System.out.println("[browser IT] chromium saw: " + page);
    }

    private static String run(List<String> command, int timeoutSeconds) throws Exception {
        return run(command, timeoutSeconds, null);
    }

    private static String run(List<String> command, int timeoutSeconds, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Path err = Files.createTempFile("browser-it-", ".err");
        pb.redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "browser test cannot start " + command.get(0) + ": " + e.getMessage()
                            + " (the browser test needs bash, node and npm)",
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    "browser test setup/run failed (exit " + p.exitValue() + "): " + command + "\n" + stderr + out);
        }
        return out + stderr;
    }

    private static double number(String text) {
        return Double.parseDouble(text.replace(" USD", "").replace(" %", "").trim());
    }

    @Test
    void pageLoadsWithNothingFromOutsideAndNoScriptInjection() {
        assertThat(page.get("loaded").asText()).isEqualTo("true");
        assertThat(page.get("external")).isEmpty();
        assertThat(page.get("dialogs"))
                .as("a tenant id with <script> must stay text")
                .isEmpty();
        assertThat(page.get("pageErrors")).isEmpty();
        assertThat(page.get("consoleErrors")).isEmpty();
        assertThat(page.get("addressBar").asText()).doesNotContain(TestApi.ADMIN);
        assertThat(page.get("scriptTags").asInt()).isEqualTo(1);
    }

    @Test
    void fleetFiguresEqualTheFixture() {
        Fixture f = TestApi.get().fixture;
        JsonNode fig = page.get("figures");
        assertThat(fig.get("accounts-total").asText())
                .isEqualTo(Integer.toString(f.accounts().size()));
        assertThat(fig.get("tenants-total").asText()).isEqualTo(Integer.toString(Fixture.TENANTS.size()));
        assertThat(fig.get("accounts-unobservable").asText()).isEqualTo("2");
        assertThat(fig.get("accounts-suspended").asText()).isEqualTo("1");
        assertThat(fig.get("accounts-new").asText()).isEqualTo("1");
        assertThat(fig.get("accounts-stale").asText()).isEqualTo("2");
        assertThat(fig.get("tenants-alerting").asText()).isEqualTo("2");
        assertThat(fig.get("quotas-at-risk").asText()).isEqualTo("3"); // 2 above threshold + 1 forecast
        assertThat(fig.get("api-spend").asText()).isEqualTo("0.03 USD"); // 0.0325 in the last 24 h
        assertThat(page.get("observabilityBars").findValuesAsText("label"))
                .containsExactlyInAnyOrder("OBSERVABLE", "UNOBSERVABLE", "UNKNOWN");
    }

    @Test
    void topTenantsTableAndChartShowMonthToDateCost() {
        Fixture f = TestApi.get().fixture;
        List<String> byCost = Fixture.TENANTS.stream()
                .sorted((x, y) -> Expect.mtd(f, y).compareTo(Expect.mtd(f, x)))
                .toList();
        List<String> shown = new ArrayList<>();
        for (JsonNode row : page.get("tenants")) {
            String tenant = row.get(0).asText();
            shown.add(tenant);
            assertThat(number(row.get(1).asText()))
                    .as(tenant)
                    .isCloseTo(Expect.mtd(f, tenant).doubleValue(), within(0.005));
            BigDecimal share = Expect.mtdBaseline(f, tenant)
                    .multiply(BigDecimal.valueOf(100))
                    .divide(Expect.mtd(f, tenant), 6, java.math.RoundingMode.HALF_EVEN);
            assertThat(number(row.get(2).asText())).as(tenant).isCloseTo(share.doubleValue(), within(0.051));
        }
        assertThat(shown).containsExactlyElementsOf(byCost); // the hostile id is rendered as plain text
        assertThat(page.get("costBars").findValuesAsText("label")).containsExactlyElementsOf(byCost);
        assertThat(page.get("costBars").get(0).get("value").asDouble())
                .isCloseTo(Expect.mtd(f, byCost.get(0)).doubleValue(), within(1e-6));
        Map<String, String> health = Map.of(
                Fixture.ACME, "critical", Fixture.GLOBEX, "critical", Fixture.INITECH, "ok", Fixture.HOSTILE, "warn");
        page.get("tenants")
                .forEach(r -> assertThat(r.get(3).asText())
                        .isEqualTo(health.get(r.get(0).asText())));
    }

    @Test
    void baselineDistributionMatchesNearestRankFigures() {
        Fixture f = TestApi.get().fixture;
        List<BigDecimal> perAccount =
                new ArrayList<>(Expect.baselinePerAccount(f, c -> true).values());
        JsonNode fig = page.get("figures");
        assertThat(fig.get("baseline-accounts").asText()).isEqualTo(Integer.toString(perAccount.size()));
        assertThat(number(fig.get("baseline-median").asText()))
                .isCloseTo(Expect.nearestRank(perAccount, 50).doubleValue(), within(0.005));
        assertThat(number(fig.get("baseline-p90").asText()))
                .isCloseTo(Expect.nearestRank(perAccount, 90).doubleValue(), within(0.005));
        assertThat(number(fig.get("baseline-total").asText()))
                .isCloseTo(
                        perAccount.stream()
                                .reduce(BigDecimal.ZERO, BigDecimal::add)
                                .doubleValue(),
                        within(0.005));
        assertThat(page.get("decileBars")).hasSize(10);
        assertThat(page.get("decileBars").get(9).get("value").asDouble())
                .isCloseTo(Expect.nearestRank(perAccount, 100).doubleValue(), within(1e-6));
        List<String> components = new ArrayList<>();
        page.get("components").forEach(r -> components.add(r.get(0).asText()));
        assertThat(components).containsExactlyInAnyOrder("AWS CloudTrail", "collector-api");
    }

    @Test
    void theTopTenantsDailyCostChartStacksTheApisNumbersByCategory() {
        JsonNode daily = page.get("daily");
        Fixture f = TestApi.get().fixture;
        String top = Fixture.TENANTS.stream()
                .max((x, y) -> Expect.mtd(f, x).compareTo(Expect.mtd(f, y)))
                .orElseThrow();
        assertThat(daily.get("tenant").asText()).isEqualTo(top);
        assertThat(daily.get("basis").asText()).isEqualTo("netAmortized");
        assertThat(java.time.LocalDate.parse(daily.get("from").asText()))
                .isEqualTo(Fixture.TODAY.minusMonths(13).withDayOfMonth(1));
        JsonNode api = TestApi.get()
                .get(
                        "/api/v1/tenants/" + TestApi.enc(top) + "/cost?from="
                                + daily.get("from").asText() + "&to="
                                + daily.get("to").asText(),
                        TestApi.ADMIN)
                .json();
        Map<String, Double> expected = new java.util.TreeMap<>();
        for (JsonNode r : api.get("rows")) {
            String day = r.get("period").asText();
            expected.merge(day + "|workload", r.get("workload").asDouble(), Double::sum);
            expected.merge(day + "|baseline", r.get("baseline").asDouble(), Double::sum);
            expected.merge(
                    day + "|fees",
                    r.get("commitmentFee").asDouble() + r.get("support").asDouble(),
                    Double::sum);
            expected.merge(day + "|tax", r.get("tax").asDouble(), Double::sum);
            expected.merge(
                    day + "|credits",
                    r.get("credit").asDouble() + r.get("refund").asDouble(),
                    Double::sum);
        }
        expected.values().removeIf(v -> v == 0);
        Map<String, Double> drawn = new java.util.TreeMap<>();
        daily.get("bars")
                .forEach(b -> drawn.put(
                        b.get("period").asText() + "|" + b.get("part").asText(),
                        b.get("value").asDouble()));
        assertThat(drawn).isNotEmpty();
        assertThat(drawn.keySet()).isEqualTo(expected.keySet());
        drawn.forEach((k, v) -> assertThat(v).as(k).isCloseTo(expected.get(k), within(1e-6)));
    }

    @Test
    void openAlertsAreListed() {
        Fixture f = TestApi.get().fixture;
        List<String> tenants = new ArrayList<>();
        page.get("alerts").forEach(r -> tenants.add(r.get(0).asText()));
        assertThat(tenants)
                .containsExactlyInAnyOrderElementsOf(f.alerts.stream()
                        .filter(a -> a.state().equals("open"))
                        .map(Fixture.Alert::tenant)
                        .toList());
        assertThat(page.get("alerts").get(0).get(3).asText()).isEqualTo("critical");
    }
}
