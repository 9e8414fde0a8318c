package dev.tenantscope.clickhouse.testing;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ChdbLibrary;
import dev.tenantscope.clickhouse.ServerClickHouse;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How tests (this module's and other modules', via the test-jar) obtain an engine. The environment is
 * read here and in {@link ChdbLibrary#fromEnvironment()} only.
 */
public final class TestEngines {
    /** {@code http://user:password@host:8123/database}: run the server contract against it. */
    public static final String ENV_SERVER_URL = "TENANTSCOPE_CLICKHOUSE_URL";

    private TestEngines() {}

    /**
     * chDB persisted in {@code dir}; fetches libchdb.so (≈ 178 MB, npm) on first use, printing progress.
     * One directory per process at a time: close it before opening another.
     */
    public static ChdbClickHouse chdb(Path dir) {
        ChdbLibrary library = ChdbLibrary.fromEnvironment().withProgress(line -> System.out.println("[chdb] " + line));
        return ChdbClickHouse.open(dir, library, ChdbClickHouse.DEFAULT_CONNECTIONS);
    }

    /** The server named by {@value #ENV_SERVER_URL}, if set. */
    public static Optional<String> serverUrl() {
        String url = System.getenv(ENV_SERVER_URL);
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url);
    }

    /** Connects to {@code http[s]://[user[:password]@]host:port[/database]}. */
    public static ServerClickHouse server(String url) {
        URI uri = URI.create(url);
        String user = "default";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? "default" : path;
        String endpoint = uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 8123 : uri.getPort());
        return ServerClickHouse.connect(endpoint, user, password, database);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
