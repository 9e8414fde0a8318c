package dev.tenantscope.app;

import dev.tenantscope.config.Environment;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE}: the one YAML every role reads. */
final class ConfigOption {
    @Option(names = "--config", description = "tenantscope YAML (shared kafka/clickhouse/aws/alerts + role sections)")
    Path file;

    /** The whole file bound, with command-line {@code overrides} (key path → value) validated like the file. */
    TenantscopeConfig load(Map<String, String> overrides) {
        return TenantscopeConfig.load(file, Environment.system(), overrides).requireValid();
    }
}
