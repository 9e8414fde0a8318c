package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request in flight: caller, path variables, query parameters, and the ways to answer. */
public final class Request {
    private final HttpExchange exchange;
    private final Principal principal;
    private final Map<String, String> pathVars;
    private final Params params;
    private final ObjectMapper json;
    private int status;

    Request(
            HttpExchange exchange,
            Principal principal,
            Map<String, String> pathVars,
            Params params,
            ObjectMapper json) {
        this.exchange = exchange;
        this.principal = principal;
        this.pathVars = pathVars;
        this.params = params;
        this.json = json;
    }

    /** The caller; null on public routes. */
    public Principal principal() {
        return principal;
    }

    public Params params() {
        return params;
    }

    /** A decoded path variable, e.g. {@code tenantId}. */
    public String path(String name) {
        return pathVars.get(name);
    }

    /** The status sent, 0 before the answer started. */
    int status() {
        return status;
    }

    public void json(int code, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        send(code, "application/json", bytes);
    }

    public void send(int code, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        status = code;
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Streams {@code body} as a chunked 200 response, closing it at the end. Nothing is buffered beyond
     * a 64 KiB copy buffer, so an export's size does not become memory. When {@code body} fails after the
     * answer started, the response is not ended: {@link ExportAborted} makes the server drop the connection, so the
     * client sees an error instead of a complete-looking, truncated file.
     */
    public void stream(String contentType, String filename, InputStream body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (filename != null) {
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        }
        try (InputStream in = body) {
            status = 200;
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException | RuntimeException e) {
                    throw new ExportAborted(filename == null ? "the stream" : filename, e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n); // an IOException here is the client going away
            }
            out.close(); // the final chunk: only after the whole body
        }
    }

    public void text(int code, String contentType, String body) throws IOException {
        send(code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
