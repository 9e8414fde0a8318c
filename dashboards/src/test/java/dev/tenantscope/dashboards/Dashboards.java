package dev.tenantscope.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The dashboards and provisioning files as shipped ({@code grafana/} on the classpath), parsed. */
final class Dashboards {
    static final String CLICKHOUSE = "grafana-clickhouse-datasource";
    static final String PROMETHEUS = "prometheus";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Dashboards() {}

    /** {@code grafana/} as shipped: a directory in unit tests, inside the module's jar in integration tests. */
    static Path grafanaDir() {
        URL url = Dashboards.class.getResource("/grafana");
        if (url == null) {
            throw new IllegalStateException("grafana/ is not on the test classpath (src/main/resources/grafana)");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar;
                try {
                    jar = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException notYetOpen) {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                }
                return jar.getPath("/grafana");
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("opening " + url, e);
        }
    }

    /** File name → parsed dashboard, sorted by name. */
    static Map<String, JsonNode> all() {
        Map<String, JsonNode> dashboards = new TreeMap<>();
        for (Path file : files(grafanaDir().resolve("dashboards"), ".json")) {
            dashboards.put(file.getFileName().toString(), read(JSON, file));
        }
        return dashboards;
    }

    /** Every data source in {@code provisioning/datasources/*.yaml}: uid → type. */
    static Map<String, String> provisionedDataSources() {
        Map<String, String> byUid = new TreeMap<>();
        for (Path file : files(grafanaDir().resolve("provisioning/datasources"), ".yaml")) {
            for (JsonNode ds : read(YAML, file).path("datasources")) {
                byUid.put(ds.path("uid").asText(), ds.path("type").asText());
            }
        }
        return byUid;
    }

    static List<JsonNode> dashboardProviders() {
        List<JsonNode> providers = new ArrayList<>();
        for (Path file : files(grafanaDir().resolve("provisioning/dashboards"), ".yaml")) {
            read(YAML, file).path("providers").forEach(providers::add);
        }
        return providers;
    }

    /** Panels, including those nested in collapsed rows; row panels themselves are left out. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if ("row".equals(p.path("type").asText())) {
                p.path("panels").forEach(panels::add);
            } else {
                panels.add(p);
            }
        }
        return panels;
    }

    /** A query variable's SQL: a plain string, or {@code {"rawSql": …}} as newer plugin versions save it. */
    static String variableSql(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("rawSql").asText() : query.asText();
    }

    /** The target's own data source, else its panel's. */
    static JsonNode dataSource(JsonNode panel, JsonNode target) {
        JsonNode ds = target.path("datasource");
        return ds.isObject() ? ds : panel.path("datasource");
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("parsing " + file, e);
        }
    }
}
