package dev.tenantscope.app;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.Problem;
import dev.tenantscope.config.SharedConfig;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one configuration file, read once and bound whole: the shared sections ({@code dataDir}, {@code kafka},
 * {@code clickhouse}, {@code aws}, {@code alerts}) and every role's section, whichever role this process runs, so a
 * problem anywhere in the file is reported with every other one, each with its path.
 */
final class TenantscopeConfig {
    static final String HEADER = """
            tenantscope configuration: one file for every role, one grammar for every section.
            durations 500ms, 30s, 15m, 1h30m, 7d or ISO-8601 (PT15M); sizes 104857600, 64KB, 100MB, 1GB (binary);
            percentages 80% or 0.8; money 0.10, $0.10 or 0.10 USD. Commented-out keys are unset or come from the
            environment ($TENANTSCOPE_…); every other key shows its effective value.""";

    private final ConfigTree tree;
    private final SharedConfig shared;
    private final CollectorConfig collector;
    private final StreamsAppConfig streams;
    private final QueryApiConfig queryApi;

    private TenantscopeConfig(ConfigTree tree) {
        this.tree = tree;
        ConfigNode root = tree.root();
        this.shared = SharedConfig.bind(root);
        this.collector = CollectorConfig.bind(root.section("collector", "the collector role"), shared);
        this.streams =
                StreamsAppConfig.bind(root.section("streams", "the streams role and its ClickHouse sink"), shared);
        this.queryApi = QueryApiConfig.bind(root.section("queryApi", "the query API role"), shared);
    }

    /**
     * Reads {@code file} (null: no file, every key defaulted), applies {@code overrides} (dotted key path → value, from
     * command-line options) over it, and binds every section. Problems are collected, not thrown: see
     * {@link #problems()} and {@link #requireValid()}.
     */
    static TenantscopeConfig load(Path file, Environment env, Map<String, String> overrides) {
        ConfigTree tree = file == null ? ConfigTree.empty(env) : ConfigTree.read(file, env);
        overrides.forEach(tree::override);
        return new TenantscopeConfig(tree);
    }

    static TenantscopeConfig defaults(Environment env) {
        return load(null, env, Map.of());
    }

    /** Every problem of every section, including keys no binder reads. */
    List<Problem> problems() {
        return tree.problems();
    }

    /** This, or one {@link dev.tenantscope.config.ConfigException} naming the file and every problem. */
    TenantscopeConfig requireValid() {
        tree.requireValid();
        return this;
    }

    /** The effective configuration as commented YAML; secrets print as {@code ****}. */
    String toYaml() {
        return tree.toYaml(HEADER);
    }

    String source() {
        return tree.source();
    }

    SharedConfig shared() {
        return shared;
    }

    /** The data directory, absolute. */
    Path dataDir() {
        return shared.dataDir().toAbsolutePath();
    }

    CollectorConfig collector() {
        return collector;
    }

    StreamsAppConfig streams() {
        return streams;
    }

    QueryApiConfig queryApi() {
        return queryApi;
    }
}
