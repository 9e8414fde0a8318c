package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ChdbLibrary;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.ServerClickHouse;
import dev.tenantscope.config.ClickHouseConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Which ClickHouse a role talks to: a server URL, or the embedded engine in the data directory. */
final class ClickHouseOptions {
    @Option(
            names = "--clickhouse-url",
            description = "ClickHouse server, http://user:password@host:8123/database (default: clickhouse.url);"
                    + " omit both for the embedded engine")
    String url;

    @Option(
            names = "--data-dir",
            description =
                    "data directory of the embedded mode (default: dataDir, else $TENANTSCOPE_DATA_DIR or ./data)")
    String dataDir;

    /** These options as values over the file: {@code clickhouse.url}, {@code dataDir}. */
    Map<String, String> overrides(Map<String, String> into) {
        if (url != null) {
            into.put("clickhouse.url", url);
        }
        if (dataDir != null) {
            into.put("dataDir", dataDir);
        }
        return into;
    }

    static ClickHouseSql open(ClickHouseConfig config, Path dataDir, Consumer<String> progress) {
        if (config.embedded()) {
            return ChdbClickHouse.open(
                    dataDir.resolve("clickhouse"),
                    ChdbLibrary.fromEnvironment().withProgress(progress),
                    ChdbClickHouse.DEFAULT_CONNECTIONS);
        }
        URI url = config.url();
        String database = url.getPath() == null || url.getPath().length() <= 1
                ? "default"
                : url.getPath().substring(1);
        String endpoint = url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 8123 : url.getPort());
        return ServerClickHouse.connect(endpoint, config.user(), config.password(), database);
    }
}
