package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tenantscope.clickhouse.ClickHouseException;
import dev.tenantscope.queryapi.api.ErrorResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request: route match, authentication, role check, parameter parsing, the error
 * envelope and the request timer. Handlers only see valid, authorised requests.
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private final List<Route> routes;
    private final Authenticator auth;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public Router(List<Route> routes, Authenticator auth, ObjectMapper json, MeterRegistry meters) {
        this.routes = List.copyOf(routes);
        this.auth = auth;
        this.json = json;
        this.meters = meters;
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String routeTag = "unmatched";
        int status = 500;
        Request request = null;
        boolean aborted = false;
        try {
            try {
                List<String> segments = segments(exchange.getRequestURI().getRawPath());
                Route route = null;
                Map<String, String> vars = null;
                boolean pathMatched = false;
                for (Route r : routes) {
                    Map<String, String> m = r.match(segments);
                    if (m != null) {
                        pathMatched = true;
                        if (r.method().equals(exchange.getRequestMethod())) {
                            route = r;
                            vars = m;
                            break;
                        }
                    }
                }
                if (route == null) {
                    throw pathMatched
                            ? new ApiException(405, "method_not_allowed", null, "method not allowed on this path")
                            : new ApiException(404, "not_found", null, "no such route");
                }
                routeTag = route.path();
                Principal principal = null;
                if (!route.isPublic()) {
                    principal = auth.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
                    if (!route.roles().contains(principal.role())) {
                        throw new ApiException(
                                403,
                                "forbidden",
                                null,
                                "a " + principal.role() + " token may not call " + route.path());
                    }
                }
                Params params = Params.parse(exchange.getRequestURI().getRawQuery(), route.params());
                request = new Request(exchange, principal, vars, params, json);
                route.handler().handle(request);
                status = request.status();
            } catch (ExportAborted e) {
                status = 500;
                aborted = true;
                LOG.warn(
                        "{} {}: {}; connection dropped so the client sees the failure",
                        exchange.getRequestMethod(),
                        routeTag,
                        e.getMessage());
                throw e; // the server closes the connection without ending the chunked body
            } catch (ApiException e) {
                status = e.status();
                if (request == null || request.status() == 0) {
                    sendError(exchange, e.status(), e.code(), e.parameter(), e.getMessage());
                }
            } catch (ClickHouseException e) {
                status = 503;
                LOG.warn("ClickHouse failed on {} {}: {}", exchange.getRequestMethod(), routeTag, e.getMessage());
                if (request == null || request.status() == 0) {
                    sendError(exchange, 503, "clickhouse_error", null, "the database failed: " + e.name());
                }
            } catch (IOException e) {
                status = 499; // client went away mid-answer
                LOG.debug("I/O on {}: {}", routeTag, e.toString());
            } catch (RuntimeException e) {
                status = 500;
                LOG.error("unexpected failure on {} {}", exchange.getRequestMethod(), routeTag, e);
                if (request == null || request.status() == 0) {
                    sendError(exchange, 500, "internal_error", null, "internal error");
                }
            }
        } finally {
            Timer.builder("tenantscope.http.requests")
                    .description("API requests by route template and status")
                    .tag("route", routeTag)
                    .tag(
                            "method",
                            KNOWN_METHODS.contains(exchange.getRequestMethod()) ? exchange.getRequestMethod() : "OTHER")
                    .tag("status", Integer.toString(status))
                    .register(meters)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (!aborted) {
                exchange.close(); // ends the body (the final chunk); never after an abort, see ExportAborted
            }
        }
    }

    private void sendError(HttpExchange exchange, int status, String code, String parameter, String message) {
        try {
            byte[] bytes = json.writeValueAsBytes(ErrorResponse.of(status, code, parameter, message));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            LOG.debug("could not send error {}: {}", status, e.toString());
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        for (String s : path.substring(1).split("/", -1)) {
            try {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_parameter", "path", "path: malformed percent-encoding");
            }
        }
        return out;
    }
}
