package dev.tenantscope.config;

import static dev.tenantscope.config.Fixtures.NO_ENV;
import static dev.tenantscope.config.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {
    @Nested
    class Valid {
        @Test
        void everyFormOfTheGrammarBinds() {
            ConfigTree t = tree("grammar.ok.yaml");
            Sample s = Sample.bind(t.root());
            t.requireValid();
            assertThat(s.name()).isEqualTo("sample");
            assertThat(s.token()).isEqualTo("t0ps3cret");
            assertThat(s.ratio()).isEqualTo(0.25);
            assertThat(s.enabled()).isTrue();
            assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(90));
            assertThat(s.isoTimeout()).isEqualTo(Duration.ofMinutes(15));
            assertThat(s.buffer()).isEqualTo(64L << 20);
            assertThat(s.threshold()).isEqualTo(0.8);
            assertThat(s.fraction()).isEqualTo(0.8);
            assertThat(s.price()).isEqualTo(new BigDecimal("0.10"));
            assertThat(s.mode()).isEqualTo(Sample.Mode.PER_ACCOUNT);
            assertThat(s.endpoint()).isEqualTo(URI.create("https://example.test:8443/x"));
            assertThat(s.tags()).containsExactly("a", "b");
            assertThat(s.items()).containsExactly(new Sample.Item("one", 2), new Sample.Item("two", 1));
        }

        @Test
        void explicitZeroIsHonouredWhereItMeansSomething() {
            ConfigTree t = tree("grammar.ok.yaml");
            Sample s = Sample.bind(t.root());
            assertThat(s.count()).isZero();
            assertThat(s.cacheTtl()).isZero();
            assertThat(s.zeroShare()).isZero();
        }

        @Test
        void listDefaultIsYamlBoundThroughTheSameBinder() {
            Sample s = Sample.bind(ConfigTree.empty(NO_ENV).root());
            assertThat(s.items()).containsExactly(new Sample.Item("first", 1));
        }

        @Test
        void openMapKeepsDefaultKeysAndAddsTheFilesKeys() {
            Sample s = Sample.bind(tree("grammar.ok.yaml").root());
            assertThat(s.limits()).containsEntry("ListAccounts", 5.0).containsEntry("GetMetricData", 50.0);
        }

        @Test
        void aBareOffIsTheOffConstantThoughYamlReadsItAsFalse() {
            ConfigTree t = ConfigTree.empty(NO_ENV).override("mode", "off");
            assertThat(Sample.bind(t.root()).mode()).isEqualTo(Sample.Mode.OFF);
        }

        @Test
        void overridesAreValidatedLikeTheFile() {
            ConfigTree t = tree("grammar.ok.yaml").override("count", "7").override("timeout", "forever");
            Sample s = Sample.bind(t.root());
            assertThat(s.count()).isEqualTo(7);
            assertThat(t.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                            "timeout: expected a duration such as 500ms, 30s, 15m, 1h30m, 7d or PT15M above 0, got 'forever'");
        }
    }

    @Nested
    class Invalid {
        @Test
        void everyProblemOfTheFileIsReportedWithPathValueAndExpectedForm() {
            ConfigTree t = tree("grammar.bad.yaml");
            Sample.bind(t.root());
            assertThatThrownBy(t::requireValid)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("grammar.bad.yaml")
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactly(
                                    "name: expected a non-blank string, got ''",
                                    "count: expected a whole number in [0, 10], got '11'",
                                    "ratio: expected a number above 0 such as 1.5, got 'many'",
                                    "enabled: expected true or false, got 'maybe'",
                                    "timeout: expected a duration with a unit, such as 300s or 300m (a bare number has"
                                            + " none), got '300'",
                                    "isoTimeout: expected a duration such as 500ms, 30s, 15m, 1h30m, 7d or PT15M above 0,"
                                            + " got 'P1M'",
                                    "cacheTtl: expected a duration such as 500ms, 30s, 15m, 1h30m, 7d or PT15M of 0s or"
                                            + " more, got '-5s'",
                                    "buffer: expected a size such as 104857600, 64KB, 100MB or 1GB above 0, got '0'",
                                    "threshold: expected a percentage such as 80% (or a fraction such as 0.8); a bare"
                                            + " number above 1 is ambiguous, write 80% if you mean it, got '80'",
                                    "fraction: expected a percentage such as 80% (or a fraction such as 0.8) above 0%"
                                            + " and at most 100%, got '120%'",
                                    "zeroShare: expected a percentage such as 80% (or a fraction such as 0.8) from 0% to"
                                            + " 100%, got 'lots'",
                                    "price: expected an amount in USD such as 0.10, $0.10 or 0.10 USD (other"
                                            + " currencies are not modelled), got '0.10 EUR'",
                                    "mode: expected one of [payer, per-account, off], got 'sideways'",
                                    "endpoint: expected an http(s) URL such as http://127.0.0.1:4566, got"
                                            + " 'ftp://example.test'",
                                    "tags: expected a list of strings such as [x], got 'a mapping'",
                                    "items[0].id: missing required key; expected an item id",
                                    "limits.GetMetricData: expected a number above 0 such as 5, got '-1'",
                                    "nmae: unknown key (check the spelling); expected one of [name, token, count,"
                                            + " ratio, enabled, timeout, isoTimeout, cacheTtl, buffer, threshold,"
                                            + " fraction, zeroShare, price, mode, endpoint, tags, items, limits]",
                                    "items[1].colour: unknown key (check the spelling); expected one of [id,"
                                            + " weight]"));
        }

        @Test
        void zeroIsRefusedWhereItMeansNothing() {
            ConfigTree t = ConfigTree.empty(NO_ENV).override("timeout", "0s");
            Sample.bind(t.root());
            assertThat(t.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                            "timeout: expected a duration such as 500ms, 30s, 15m, 1h30m, 7d or PT15M above 0, got '0s'");
        }

        @Test
        void aMissingFileIsNamed() {
            assertThatThrownBy(() -> tree("nope.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("nope.yaml")
                    .hasMessageContaining("(file): expected a readable YAML file");
        }

        @Test
        void aDuplicateKeyIsNotSilentlyOverwritten() {
            assertThatThrownBy(() -> tree("duplicate-key.bad.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("not valid YAML")
                    .hasMessageContaining("name");
        }
    }

    @Nested
    class Printing {
        @Test
        void theDefaultsPrintAsYamlThatBindsBackToTheDefaults() {
            ConfigTree defaults = ConfigTree.empty(NO_ENV);
            Sample expected = Sample.bind(defaults.root());
            String yaml = defaults.toYaml("defaults");

            ConfigTree again = ConfigTree.parse(yaml, "printed", NO_ENV);
            assertThat(Sample.bind(again.root())).isEqualTo(expected);
            assertThat(again.problems()).isEmpty();
            assertThat(yaml)
                    .contains("# a timeout\ntimeout: 30s\n")
                    .contains("# an endpoint\n# endpoint:\n")
                    .contains("limits:\n  # requests per second\n  ListAccounts: 5\n");
        }

        @Test
        void theEffectiveConfigPrintsCanonicallyAndReadsBack() {
            ConfigTree t = tree("grammar.ok.yaml");
            Sample bound = Sample.bind(t.root());
            String yaml = t.toYaml(null);

            assertThat(yaml)
                    .contains("timeout: 1h30m\n", "isoTimeout: 15m\n", "threshold: 80%\n", "buffer: 64MB\n")
                    .contains("price: $0.10\n", "mode: per-account\n", "tags: [a, b]\n")
                    .contains("items:\n  # the id\n  - id: one\n    # its weight\n    weight: 2\n  - id: two\n");
            ConfigTree again = ConfigTree.parse(yaml, "printed", NO_ENV);
            Sample reread = Sample.bind(again.root());
            assertThat(again.problems()).isEmpty();
            assertThat(reread)
                    .isEqualTo(new Sample(
                            bound.name(),
                            "****",
                            bound.count(),
                            bound.ratio(),
                            bound.enabled(),
                            bound.timeout(),
                            bound.isoTimeout(),
                            bound.cacheTtl(),
                            bound.buffer(),
                            bound.threshold(),
                            bound.fraction(),
                            bound.zeroShare(),
                            bound.price(),
                            bound.mode(),
                            bound.endpoint(),
                            bound.tags(),
                            bound.items(),
                            bound.limits()));
        }

        @Test
        void secretsAreMasked() {
            ConfigTree t = tree("grammar.ok.yaml");
            Sample.bind(t.root());
            assertThat(t.toYaml(null)).contains("token: \"****\"").doesNotContain("t0ps3cret");
        }

        @Test
        void textThatYamlWouldReadAsSomethingElseIsQuoted() {
            assertThat(YamlEmitter.quote("127.0.0.1:9092")).isEqualTo("\"127.0.0.1:9092\"");
            assertThat(YamlEmitter.quote("off")).isEqualTo("\"off\"");
            assertThat(YamlEmitter.quote("a: b")).isEqualTo("\"a: b\"");
            assertThat(YamlEmitter.quote("AWS CloudTrail")).isEqualTo("AWS CloudTrail");
            assertThat(YamlEmitter.quote("/aws/lambda/")).isEqualTo("/aws/lambda/");
            assertThat(List.of(YamlEmitter.quote("say \"hi\""))).containsExactly("\"say \\\"hi\\\"\"");
        }
    }
}
