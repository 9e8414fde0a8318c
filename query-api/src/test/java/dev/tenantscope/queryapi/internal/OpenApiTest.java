package dev.tenantscope.queryapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tenantscope.queryapi.QueryApiConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml, the served routes and the response records agree: paths, methods, query parameters, path
 * variables, auth, and every JSON response's schema against its record in {@code dev.tenantscope.queryapi.api}.
 */
class OpenApiTest {
    private static final String API_PACKAGE = "dev.tenantscope.queryapi.api";
    private final JsonNode doc = load();
    private final Map<String, Route> routes = routes();
    private final Map<String, Class<?>> records = records();

    private static JsonNode load() {
        try (InputStream in = OpenApiTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (Exception e) {
            throw new AssertionError("openapi.yaml does not parse", e);
        }
    }

    private static Map<String, Route> routes() {
        // the route table only; no request is served, so no engine is needed
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            ApiRoutes api = new ApiRoutes(
                    QueryApiConfig.defaults(),
                    null,
                    new ObjectMapper(),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    executor);
            Map<String, Route> out = new TreeMap<>();
            api.routes().forEach(r -> out.put(r.method() + " " + r.path(), r));
            return out;
        }
    }

    /** Every record of the wire package (nested ones included), by simple name = schema name. */
    private static Map<String, Class<?>> records() {
        URL dir = OpenApiTest.class.getClassLoader().getResource(API_PACKAGE.replace('.', '/'));
        assertThat(dir).as("compiled classes of " + API_PACKAGE).isNotNull();
        assertThat(dir.getProtocol()).as("classes read from a directory").isEqualTo("file");
        Map<String, Class<?>> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.equals("package-info.class")) {
                    continue;
                }
                Class<?> c = Class.forName(API_PACKAGE + "." + file.substring(0, file.length() - 6));
                if (c.isRecord()) {
                    Class<?> clash = out.put(c.getSimpleName(), c);
                    assertThat(clash)
                            .as("two records named " + c.getSimpleName())
                            .isNull();
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cannot list " + API_PACKAGE, e);
        }
        return out;
    }

    private Set<String> documented() {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
        }
        return out;
    }

    private JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            JsonNode target = doc.at(ref.substring(1));
            assertThat(target.isMissingNode()).as("dangling " + ref).isFalse();
            return target;
        }
        return node;
    }

    @Test
    void isAnOpenApi3DocumentWithBearerAuth() {
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/info/title").asText()).isNotBlank();
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        assertThat(documented()).isEqualTo(routes.keySet());
    }

    @Test
    void documentedParametersAreExactlyTheOnesEachRouteTakes() {
        for (Route r : routes.values()) {
            JsonNode op = doc.get("paths").get(r.path()).get(r.method().toLowerCase(java.util.Locale.ROOT));
            Set<String> query = new TreeSet<>();
            Set<String> path = new TreeSet<>();
            for (JsonNode p : op.path("parameters")) {
                JsonNode param = resolve(p);
                (param.get("in").asText().equals("path") ? path : query)
                        .add(param.get("name").asText());
            }
            assertThat(query).as(r.path() + " query parameters").isEqualTo(new TreeSet<>(r.params()));
            List<String> vars = new ArrayList<>();
            for (String s : r.path().split("/")) {
                if (s.startsWith("{")) {
                    vars.add(s.substring(1, s.length() - 1));
                }
            }
            assertThat(path).as(r.path() + " path variables").containsExactlyInAnyOrderElementsOf(vars);
        }
    }

    @Test
    void publicRoutesAreMarkedWithoutSecurityAndProtectedOnesDocument401() {
        for (Route r : routes.values()) {
            JsonNode op = doc.get("paths").get(r.path()).get(r.method().toLowerCase(java.util.Locale.ROOT));
            if (r.isPublic()) {
                assertThat(op.path("security").isArray() && op.get("security").isEmpty())
                        .as(r.path())
                        .isTrue();
            } else {
                assertThat(op.path("responses").has("401"))
                        .as(r.path() + " documents 401")
                        .isTrue();
            }
            op.path("responses").forEach(this::resolve);
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collect(doc, refs);
        assertThat(refs).isNotEmpty();
        refs.forEach(ref ->
                assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    @Test
    void everyJsonResponseIsARefToTheSchemaOfItsRecordAndMatchesIt() {
        RecordSchemas check = new RecordSchemas(doc, Json.mapper());
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Route r : routes.values()) {
            JsonNode op = doc.get("paths").get(r.path()).get(r.method().toLowerCase(java.util.Locale.ROOT));
            for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> response = it.next();
                JsonNode schema = resolve(response.getValue())
                        .path("content")
                        .path("application/json")
                        .path("schema");
                if (schema.isMissingNode()) {
                    continue;
                }
                String where = r.path() + " " + response.getKey();
                String ref = schema.path("$ref").asText();
                if (!ref.startsWith("#/components/schemas/")) {
                    missing.add(where + ": a JSON response is a $ref to a record's schema, not inline");
                    continue;
                }
                Class<?> record = records.get(ref.substring("#/components/schemas/".length()));
                if (record == null) {
                    missing.add(where + ": no record in " + API_PACKAGE + " is named after " + ref);
                    continue;
                }
                check.check(record);
                checked++;
            }
        }
        assertThat(checked).as("JSON responses checked").isPositive();
        assertThat(missing).isEmpty();
        assertThat(check.problems()).isEmpty();
    }

    @Test
    void everyObjectSchemaIsARecordAndEveryRecordMatchesItsSchema() {
        Set<String> objectSchemas = new TreeSet<>();
        doc.at("/components/schemas").fields().forEachRemaining(e -> {
            if (e.getValue().path("type").asText().equals("object")) {
                objectSchemas.add(e.getKey());
            }
        });
        assertThat(records.keySet()).isEqualTo(objectSchemas);
        RecordSchemas check = new RecordSchemas(doc, Json.mapper());
        records.values().forEach(check::check);
        assertThat(check.problems()).isEmpty();
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collect(child, refs));
    }
}
