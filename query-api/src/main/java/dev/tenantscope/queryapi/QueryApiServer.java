package dev.tenantscope.queryapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.queryapi.internal.ApiRoutes;
import dev.tenantscope.queryapi.internal.Authenticator;
import dev.tenantscope.queryapi.internal.Json;
import dev.tenantscope.queryapi.internal.Route;
import dev.tenantscope.queryapi.internal.Router;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The query API's HTTP server (JDK {@code com.sun.net.httpserver}, one virtual thread per request).
 * It reads ClickHouse through the given {@link ClickHouseSql}, which it does not close.
 */
public final class QueryApiServer implements AutoCloseable {
    static {
        // read once when the JDK server's config class loads: small JSON answers must not wait for Nagle
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final JvmGcMetrics gcMetrics;
    private final List<Route> routes;
    private final URI uri;

    private QueryApiServer(
            HttpServer server, ExecutorService executor, JvmGcMetrics gcMetrics, List<Route> routes, URI uri) {
        this.server = server;
        this.executor = executor;
        this.gcMetrics = gcMetrics;
        this.routes = routes;
        this.uri = uri;
    }

    /** Listens on every interface at {@code port} (0: any free port). */
    public static QueryApiServer start(QueryApiConfig config, ClickHouseSql sql, int port) {
        return start(config, sql, new InetSocketAddress(port));
    }

    public static QueryApiServer start(QueryApiConfig config, ClickHouseSql sql, InetSocketAddress address) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sql, "sql");
        ObjectMapper json = Json.mapper();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // names promtool check metrics accepts: process.cpu.time is counted in ns (Prometheus wants seconds; the
        // load is in process_cpu_usage), and system.cpu.count is a gauge whose name ends in "_count"
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<Route> routes = new ApiRoutes(config, sql, json, registry, executor).routes();
        Router router = new Router(routes, new Authenticator(config.tokens()), json, registry);
        try {
            HttpServer server = HttpServer.create(address, 256);
            server.createContext("/", router);
            server.setExecutor(executor);
            server.start();
            InetAddress bound = server.getAddress().getAddress();
            String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            URI uri = URI.create("http://" + host + ":" + server.getAddress().getPort());
            return new QueryApiServer(server, executor, gc, routes, uri);
        } catch (IOException e) {
            executor.close();
            gc.close();
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Where the server answers, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        return uri;
    }

    /** The routes served: method and path template (OpenAPI test, docs). */
    public List<String> routes() {
        return routes.stream().map(r -> r.method() + " " + r.path()).toList();
    }

    /** Stops accepting, gives in-flight requests a second, and frees the threads; leaves ClickHouse open. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        gcMetrics.close();
    }
}
