package dev.tenantscope.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the launcher takes from the environment, read in this one place.
 *
 * @param dataDir where the embedded mode keeps Kafka's and ClickHouse's data ({@code TENANTSCOPE_DATA_DIR},
 *     default {@code ./data})
 */
public record AppEnvironment(Path dataDir) {
    public static final String DATA_DIR = "TENANTSCOPE_DATA_DIR";

    public static AppEnvironment from(Map<String, String> env) {
        String dir = env.get(DATA_DIR);
        return new AppEnvironment(
                Path.of(dir == null || dir.isBlank() ? "data" : dir).toAbsolutePath());
    }

    public static AppEnvironment fromSystem() {
        return from(System.getenv());
    }
}
