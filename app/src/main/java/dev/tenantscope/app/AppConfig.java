package dev.tenantscope.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one YAML file every role reads: shared {@code kafka}, {@code clickhouse} and {@code aws} keys, and one
 * section per role ({@code collector}, {@code streams}, {@code queryApi}). Each role's section is handed to that
 * module's own validating loader; the shared keys are merged under the collector's section (the section wins).
 */
final class AppConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_LEVEL =
            Set.of("kafka", "clickhouse", "aws", "collector", "streams", "queryApi");

    private static final String STREAMS_PORT = "prometheusPort";
    private static final String API_PORT = "port";

    private final Path file;
    private final ObjectNode root;

    private AppConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    static AppConfig load(Path file) {
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read YAML: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping of sections " + TOP_LEVEL + " at the top");
        }
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL.contains(key)) {
                errors.add(key + ": unknown section, expected one of " + TOP_LEVEL);
            } else if (!tree.get(key).isObject() && !tree.get(key).isNull()) {
                errors.add(key + ": expected a mapping, got " + tree.get(key).getNodeType());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(file + ":\n  " + String.join("\n  ", errors));
        }
        return new AppConfig(file, (ObjectNode) tree);
    }

    /** {@code kafka.bootstrapServers}, or the default when absent. */
    String bootstrapServers(String fallback) {
        JsonNode v = root.path("kafka").path("bootstrapServers");
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : fallback;
    }

    /** {@code clickhouse.url} with {@code user}/{@code password} folded in, or null for the embedded engine. */
    URI clickhouseUrl() {
        JsonNode ch = root.path("clickhouse");
        JsonNode url = ch.path("url");
        if (!url.isTextual() || url.asText().isBlank()) {
            return null;
        }
        URI base = URI.create(url.asText());
        String user = ch.path("user").asText("default");
        String password = ch.path("password").asText("");
        return URI.create(base.getScheme() + "://" + user + ":" + password + "@" + base.getHost()
                + (base.getPort() < 0 ? "" : ":" + base.getPort()) + (base.getPath() == null ? "" : base.getPath()));
    }

    /** The collector's section with the shared {@code kafka} and {@code aws} keys merged in. */
    <T> T collector(Function<Path, T> loader) {
        ObjectNode section = JsonNodeFactory.instance.objectNode();
        copy(root.path("kafka"), section.putObject("kafka"));
        copy(root.path("aws"), section.putObject("aws"));
        JsonNode own = root.path("collector");
        own.fieldNames().forEachRemaining(k -> {
            if (own.get(k).isObject() && section.has(k)) {
                copy(own.get(k), (ObjectNode) section.get(k));
            } else {
                section.set(k, own.get(k));
            }
        });
        removeEmpty(section, "kafka");
        removeEmpty(section, "aws");
        return section("collector", section, loader);
    }

    /** The streams section, less the launcher's own {@code prometheusPort}. */
    <T> T streams(Function<Path, T> loader) {
        return section("streams", without(root.path("streams"), STREAMS_PORT), loader);
    }

    /** The query API section, less the launcher's own {@code port}. */
    <T> T queryApi(Function<Path, T> loader) {
        return section("queryApi", without(root.path("queryApi"), API_PORT), loader);
    }

    /** {@code streams.prometheusPort}: where the streams role serves /metrics (-1: nowhere). */
    int streamsPrometheusPort(int fallback) {
        return port("streams", STREAMS_PORT, fallback);
    }

    /** {@code queryApi.port}. */
    int queryApiPort(int fallback) {
        return port("queryApi", API_PORT, fallback);
    }

    private int port(String section, String key, int fallback) {
        JsonNode v = root.path(section).path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || v.asInt() < -1 || v.asInt() > 65535) {
            throw new IllegalArgumentException(
                    file + ": " + section + "." + key + ": expected a port 0..65535 (or -1 for none), got " + v);
        }
        return v.asInt();
    }

    private static JsonNode without(JsonNode section, String key) {
        if (!section.isObject()) {
            return section;
        }
        ObjectNode copy = ((ObjectNode) section).deepCopy();
        copy.remove(key);
        return copy;
    }

    /** Hands one section to a module's file loader; its errors are re-labelled with the real file and section. */
    private <T> T section(String name, JsonNode section, Function<Path, T> loader) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("tenantscope-" + name + "-", ".yaml");
            YAML.writeValue(tmp.toFile(), section.isObject() ? section : JsonNodeFactory.instance.objectNode());
            return loader.apply(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the " + name + " section of " + file, e);
        } catch (RuntimeException e) {
            String where = file + " (section " + name + ")";
            String message = String.valueOf(e.getMessage()).replace(String.valueOf(tmp), where);
            throw new IllegalArgumentException(message.contains(where) ? message : where + ": " + message, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static void copy(JsonNode from, ObjectNode to) {
        if (from.isObject()) {
            from.fieldNames().forEachRemaining(k -> to.set(k, from.get(k)));
        }
    }

    private static void removeEmpty(ObjectNode node, String key) {
        if (node.path(key).isObject() && node.path(key).isEmpty()) {
            node.remove(key);
        }
    }
}
