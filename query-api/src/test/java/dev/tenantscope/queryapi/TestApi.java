package dev.tenantscope.queryapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.testing.TestEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One real chDB engine, migrated and loaded with {@link Fixture}, and one API server on it, shared by every
 * IT in the JVM (chDB allows one storage path per process). Says which backend it runs on.
 */
final class TestApi {
    static final String ADMIN = "admin-token-7f3a";
    static final String FINANCE = "finance-token";
    /** tenant id → its token */
    static final Map<String, String> TENANT_TOKENS = new LinkedHashMap<>();

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static TestApi instance;

    final ClickHouseSql sql;
    final QueryApiServer server;
    final Fixture fixture = new Fixture();
    private final HttpClient http = HttpClient.newHttpClient();

    private TestApi() throws IOException {
        Path dir = Files.createTempDirectory("tenantscope-query-api-it-");
        sql = TestEngines.chdb(dir);
        System.out.println("[query-api IT] backend: " + sql.engine() + " at " + dir);
        Migrations.tenantscope().apply(sql);
        fixture.insertInto(sql);
        List<ApiToken> tokens = new ArrayList<>();
        tokens.add(ApiToken.ofPlain("ops", ADMIN, Role.ADMIN, null));
        tokens.add(ApiToken.ofPlain("finance", FINANCE, Role.FINANCE, null));
        for (int i = 0; i < Fixture.TENANTS.size(); i++) {
            String tenant = Fixture.TENANTS.get(i);
            TENANT_TOKENS.put(tenant, "tenant-token-" + i);
            tokens.add(ApiToken.ofPlain("tenant-" + i, "tenant-token-" + i, Role.TENANT, tenant));
        }
        QueryApiConfig config = QueryApiConfig.defaults()
                .withTokens(tokens)
                .withClock(Clock.fixed(Fixture.NOW, ZoneOffset.UTC))
                .withTenantGaugeTopN(2);
        server = QueryApiServer.start(config, sql, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            sql.close();
        }));
    }

    static synchronized TestApi get() {
        if (instance == null) {
            try {
                instance = new TestApi();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
            }
        }

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    Response get(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + pathAndQuery));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
