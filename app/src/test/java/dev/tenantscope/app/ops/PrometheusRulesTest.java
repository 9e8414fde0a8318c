package dev.tenantscope.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules ({@code deploy/prometheus/tenantscope-rules.yml}) are valid for Prometheus and every
 * rule is unit-tested by {@code tenantscope-rules.test.yml}, both through the real {@code promtool}.
 */
class PrometheusRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path dir;

    @BeforeAll
    static void locate() {
        dir = RepoRoot.find().resolve("deploy/prometheus");
        System.out.println("[promtool] backend: " + Promtool.binary());
    }

    @Test
    void promtoolAcceptsTheShippedRules() throws Exception {
        Promtool.Result r = Promtool.run(dir, null, "check", "rules", "tenantscope-rules.yml");
        assertThat(r.ok()).as("promtool check rules said:%n%s", r.output()).isTrue();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void everyRulesUnitTestPasses() throws Exception {
        Promtool.Result r = Promtool.run(dir, null, "test", "rules", "tenantscope-rules.test.yml");
        assertThat(r.ok()).as("promtool test rules said:%n%s", r.output()).isTrue();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void everyRuleIsExercisedByTheUnitTests() throws Exception {
        Set<String> rules = new TreeSet<>();
        for (JsonNode group :
                YAML.readTree(dir.resolve("tenantscope-rules.yml").toFile()).get("groups")) {
            group.get("rules").forEach(rule -> rules.add(rule.get("alert").asText()));
        }
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : YAML.readTree(
                        dir.resolve("tenantscope-rules.test.yml").toFile())
                .get("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String name = check.get("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? silent : firing).add(name);
            }
        }
        assertThat(rules).hasSizeGreaterThanOrEqualTo(7);
        assertThat(firing).as("rules with a test that sees them fire").isEqualTo(rules);
        assertThat(silent).as("rules with a test that sees them stay silent").isEqualTo(rules);
    }
}
