package dev.tenantscope.queryapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.clickhouse.ClickHouseSql;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An export whose engine stream fails after the answer started must reach the client as a failed transfer, never as
 * a clean (chunked, properly terminated) but truncated file. A real JDK HttpClient reads exports of the shared chDB
 * fixture through a second server whose engine stream breaks after 256 KiB when {@code failing} is set.
 */
class ExportAbortIT {
    private static final String EXPORT = "/api/v1/exports/cost?month=2025-06&tenant=initech&format=";
    private static final int FAIL_AFTER_BYTES = 256 * 1024;

    private final TestApi api = TestApi.get();
    private final AtomicBoolean failing = new AtomicBoolean();
    private QueryApiServer server;

    @BeforeEach
    void start() {
        QueryApiConfig config = QueryApiConfig.defaults()
                .withTokens(List.of(ApiToken.ofPlain("finance", TestApi.FINANCE, Role.FINANCE, null)));
        server = QueryApiServer.start(config, new BreakingStreams(api.sql, failing), 0);
        System.out.println("[ExportAbortIT] backend: " + api.sql.engine() + ", JDK HttpClient");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String format) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + EXPORT + format))
                .header("Authorization", "Bearer " + TestApi.FINANCE)
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl"})
    void anExportThatFailsMidStreamEndsTheResponseAbnormally(String format) throws Exception {
        HttpResponse<byte[]> whole = get(format);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body().length)
                .as("the export is larger than the failure point")
                .isGreaterThan(FAIL_AFTER_BYTES);

        failing.set(true);
        assertThatThrownBy(() -> get(format))
                .as("the client must see the failure, not a shorter file")
                .isInstanceOf(IOException.class);
    }

    /** Delegates to the real engine; query streams throw after {@link #FAIL_AFTER_BYTES} while failing. */
    private record BreakingStreams(ClickHouseSql delegate, AtomicBoolean failing) implements ClickHouseSql {
        @Override
        public void execute(String sql, Map<String, String> params) {
            delegate.execute(sql, params);
        }

        @Override
        public InputStream query(String sql, String format, Map<String, String> params) {
            InputStream real = delegate.query(sql, format, params);
            if (!failing.get()) {
                return real;
            }
            return new FilterInputStream(real) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read >= FAIL_AFTER_BYTES) {
                        throw new IOException("simulated engine failure after " + read + " bytes");
                    }
                    int n = super.read(b, off, (int) Math.min(len, FAIL_AFTER_BYTES - read + 1));
                    read += Math.max(n, 0);
                    return n;
                }
            };
        }

        @Override
        public void insert(String table, List<String> columns, String format, InputStream rows) {
            delegate.insert(table, columns, format, rows);
        }

        @Override
        public String engine() {
            return delegate.engine() + " (breaking streams)";
        }

        @Override
        public void close() {} // the shared engine belongs to TestApi
    }
}
