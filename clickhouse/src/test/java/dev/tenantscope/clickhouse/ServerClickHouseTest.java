package dev.tenantscope.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How ServerClickHouse drives client-v2, against a loopback HTTP stub that answers like a ClickHouse
 * server (no server runs here): what reaches the wire, and how server errors come back.
 */
class ServerClickHouseTest {
    record Request(String method, String query, String body, Map<String, List<String>> headers) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int status = 200;
    private volatile String response = "";
    private Client client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        client = new Client.Builder()
                .addEndpoint("http://127.0.0.1:" + server.getAddress().getPort())
                .setUsername("default")
                .setPassword("")
                .compressServerResponse(false)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(
                exchange.getRequestMethod(),
                URLDecoder.decode(String.valueOf(exchange.getRequestURI().getRawQuery()), StandardCharsets.UTF_8),
                body,
                Map.copyOf(exchange.getRequestHeaders())));
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        if (status != 200) {
            exchange.getResponseHeaders().add("X-ClickHouse-Exception-Code", "60");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void queryBindsEscapedParametersAndStreamsTheBody() throws IOException {
        response = "{\"s\":\"a\\\\b\"}\n";
        try (ServerClickHouse sql = new ServerClickHouse(client);
                InputStream in = sql.query(
                        "SELECT {s:String} AS s, {a:Array(String)} AS a",
                        "JSONEachRow",
                        Map.of("s", "a\\b\tc", "a", "['x\\'y']"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(response);
        }
        Request request = requests.getLast();
        assertThat(request.query()).contains("param_s=a\\\\b\\tc").contains("param_a=['x\\'y']");
        assertThat(request.body() + request.query()).contains("SELECT {s:String} AS s");
    }

    @Test
    void insertSendsTheRowsWithColumnsAndFormat() {
        try (ServerClickHouse sql = new ServerClickHouse(client)) {
            sql.insert(
                    "events",
                    List.of("id", "name"),
                    "JSONEachRow",
                    new ByteArrayInputStream("{\"id\":1,\"name\":\"x\"}\n".getBytes(StandardCharsets.UTF_8)));
        }
        Request request = requests.getLast();
        String all = request.query() + "\n" + request.body();
        assertThat(all).contains("INSERT INTO").contains("events").contains("JSONEachRow");
        assertThat(request.body()).contains("{\"id\":1,\"name\":\"x\"}");
    }

    @Test
    void serverErrorsCarryCodeNameAndMessage() {
        status = 404;
        response = "Code: 60. DB::Exception: Table default.nope does not exist. (UNKNOWN_TABLE) (version 25.8.1.1)\n";
        try (ServerClickHouse sql = new ServerClickHouse(client)) {
            assertThatThrownBy(() -> sql.execute("SELECT * FROM nope"))
                    .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                        assertThat(e.code()).isEqualTo(60);
                        assertThat(e.name())
                                .as(e.getMessage() + " / cause: " + e.getCause())
                                .isEqualTo("UNKNOWN_TABLE");
                        assertThat(e.clickHouseMessage()).contains("Table default.nope does not exist.");
                    });
        }
    }

    @Test
    void closingDoesNotCloseAClientItDidNotCreate() {
        new ServerClickHouse(client).close();
        response = "";
        try (ServerClickHouse sql = new ServerClickHouse(client)) {
            sql.execute("SELECT 1");
        }
        assertThat(requests).isNotEmpty();
    }
}
