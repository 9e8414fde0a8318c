package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tenantscope config check|defaults}, run through picocli as the launcher runs them. */
class ConfigCommandTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void checkReportsEveryProblemOfEverySectionWithItsPathInOneRun() {
        Run r = run("config", "check", "src/test/resources/config/every-section.bad.yaml");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("every-section.bad.yaml: 14 problems")
                // a bad value in every section
                .contains("kafka.topics.partitions: expected a whole number in [1, 10000], got 'none'")
                .contains("clickhouse.url: expected an http(s) URL such as http://127.0.0.1:4566, got"
                        + " 'ftp://clickhouse:8123'")
                .contains("aws.maxConnections: expected a whole number in [1, 10000], got 'lots'")
                .contains("alerts.quota.warnAt: expected a percentage such as 80% (or a fraction such as 0.8)"
                        + " above 0% and at most 100%, got '180%'")
                .contains("collector.schedule.costInterval: expected a duration such as 500ms, 30s, 15m, 1h30m,"
                        + " 7d or PT15M above 0, got 'daily'")
                .contains("streams.sink.batchRows: expected a whole number in [1, 10000000], got '-1'")
                .contains("queryApi.maxPageSize: expected a whole number in [1, 1000000], got '0'")
                // an unknown key in every section
                .contains("kafka.bootstrapServer: unknown key")
                .contains("clickhouse.username: unknown key")
                .contains("aws.roleArn: unknown key")
                .contains("alerts.staleAfterr: unknown key")
                .contains("collector.colectorId: unknown key")
                .contains("streams.aplicationId: unknown key")
                .contains("queryApi.tokenz: unknown key");
        assertThat(r.err().lines().map(String::strip))
                .as("15m is a duration in every section")
                .noneMatch(line -> line.startsWith("kafka.topics.retention")
                        || line.startsWith("aws.refreshBefore")
                        || line.startsWith("alerts.staleAfter:")
                        || line.startsWith("collector.discovery.interval")
                        || line.startsWith("collector.schedule.alertInterval")
                        || line.startsWith("streams.rollups")
                        || line.startsWith("streams.sink.linger")
                        || line.startsWith("queryApi.fleetHealthCacheTtl"));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void checkOfTheComposeConfigPrintsTheEffectiveConfigurationWithSecretsMasked() {
        Run r = run("config", "check", "../docker/tenantscope/tenantscope.yaml");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("  bootstrapServers: kafka:9092\n")
                .contains("  password: \"****\"\n")
                .contains("  prometheusPort: 9464\n")
                .contains("    partitions: 12\n")
                .doesNotContain("password: tenantscope");
    }

    @Test
    void defaultsPrintACompleteCommentedFileThatBindsToTheEmptyFileConfig() throws Exception {
        Run r = run("config", "defaults");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("# tenantscope configuration")
                .contains("\n# Kafka, shared by every role\nkafka:\n")
                .contains("    # 1 suits the embedded single broker; production wants 3\n    replicationFactor: 1\n")
                .contains("\ncollector:\n", "\nstreams:\n", "\nqueryApi:\n", "\nalerts:\n");

        Path printed = Files.writeString(dir.resolve("defaults.yaml"), r.out());
        Environment env = Environment.system();
        TenantscopeConfig reread = TenantscopeConfig.load(printed, env, Map.of());
        TenantscopeConfig empty = TenantscopeConfig.defaults(env);
        assertThat(reread.problems()).isEmpty();
        assertThat(reread.shared()).isEqualTo(empty.shared());
        assertThat(reread.collector()).isEqualTo(empty.collector());
        assertThat(reread.streams()).isEqualTo(empty.streams());
        assertThat(reread.queryApi()).isEqualTo(empty.queryApi());
    }

    @Test
    void checkOfAFileThatIsNotYamlSaysSoAndFails() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "kafka: [unclosed\n");
        Run r = run("config", "check", broken.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("broken.yaml: 1 problem").contains("(file): not valid YAML");
    }
}
