package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ChdbLibrary;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.ServerClickHouse;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Which ClickHouse a role talks to: a server URL, or the embedded engine in the data directory. */
final class ClickHouseOptions {
    @Option(
            names = "--clickhouse-url",
            description = "ClickHouse server, http://user:password@host:8123/database; omit for the embedded engine")
    URI url;

    @Option(
            names = "--data-dir",
            description = "data directory of the embedded mode (default $TENANTSCOPE_DATA_DIR or ./data)")
    Path dataDir;

    Path dataDir() {
        return dataDir != null
                ? dataDir.toAbsolutePath()
                : AppEnvironment.fromSystem().dataDir();
    }

    ClickHouseSql open(Consumer<String> progress) {
        if (url == null) {
            return ChdbClickHouse.open(
                    dataDir().resolve("clickhouse"),
                    ChdbLibrary.fromEnvironment().withProgress(progress),
                    ChdbClickHouse.DEFAULT_CONNECTIONS);
        }
        String userInfo = url.getUserInfo() == null ? "default:" : url.getUserInfo();
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String password = colon < 0 ? "" : userInfo.substring(colon + 1);
        String database = url.getPath() == null || url.getPath().length() <= 1
                ? "default"
                : url.getPath().substring(1);
        String endpoint = url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 8123 : url.getPort());
        return ServerClickHouse.connect(endpoint, user, password, database);
    }
}
