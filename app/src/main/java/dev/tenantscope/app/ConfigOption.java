package dev.tenantscope.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: the shared YAML every role reads. */
final class ConfigOption {
    @Option(names = "--config", description = "tenantscope YAML (shared kafka/clickhouse/aws keys + role sections)")
    Path file;

    AppConfig load() {
        return file == null ? null : AppConfig.load(file);
    }
}
