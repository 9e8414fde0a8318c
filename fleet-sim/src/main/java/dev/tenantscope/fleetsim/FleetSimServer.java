package dev.tenantscope.fleetsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tenantscope.fleetsim.internal.AwsHandler;
import dev.tenantscope.fleetsim.internal.ControlHandler;
import dev.tenantscope.fleetsim.internal.Fleet;
import dev.tenantscope.fleetsim.internal.Sim;
import dev.tenantscope.model.AccountId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An AWS-wire-compatible simulator of a multi-account organisation on loopback. Point real SDK clients at
 * {@link #endpoint()} with {@code endpointOverride}; control it through {@link #clock()}, {@link #faults()},
 * {@link #meter()} or the {@code /_sim/} HTTP endpoints.
 */
public final class FleetSimServer implements AutoCloseable {
    private final FleetSpec spec;
    private final SimClock clock;
    private final Sim sim;
    private final Faults faults;
    private final Meter meter;
    private final GroundTruth truth;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private FleetSimServer(FleetSpec spec, int port, SimClock clock, InetAddress bind) throws IOException {
        this.spec = spec;
        this.clock = clock;
        Fleet fleet = new Fleet(spec);
        List<AccountId> members = new ArrayList<>(fleet.size());
        for (int i = 0; i < fleet.size(); i++) {
            members.add(fleet.account(i).id());
        }
        this.faults = new Faults(spec.seed(), List.copyOf(members));
        this.meter = new Meter();
        Sim sim = new Sim(fleet, clock, faults, meter);
        this.sim = sim;
        this.truth = new GroundTruth(sim);
        AwsHandler aws = new AwsHandler(sim);
        ControlHandler control = new ControlHandler(sim, truth);
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 1024);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", ex -> serve(ex, aws, control));
        server.start();
        this.endpoint = URI.create(
                "http://" + bind.getHostAddress() + ":" + server.getAddress().getPort());
    }

    /**
     * Starts a simulator on loopback.
     *
     * @param port 0 for an ephemeral port
     */
    public static FleetSimServer start(FleetSpec spec, int port, SimClock clock) {
        return start(spec, port, clock, InetAddress.getLoopbackAddress());
    }

    /** Starts a simulator bound to {@code bind} (e.g. 0.0.0.0 for other hosts). */
    public static FleetSimServer start(FleetSpec spec, int port, SimClock clock, InetAddress bind) {
        // Without TCP_NODELAY every small response waits for the peer's delayed ACK (~40-50 ms). The JDK server
        // reads the property once, when its first instance is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            return new FleetSimServer(spec, port, clock, bind);
        } catch (IOException e) {
            throw new UncheckedIOException("fleet-sim: cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static void serve(HttpExchange ex, AwsHandler aws, ControlHandler control) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            AwsHandler.Response r;
            if (path.startsWith("/_sim/")) {
                byte[] body = ex.getRequestBody().readNBytes(1 << 20);
                r = control.handle(
                        ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), body);
            } else {
                r = aws.handle(ex);
            }
            var h = ex.getResponseHeaders();
            h.set("Content-Type", r.contentType());
            r.headers().forEach(h::set);
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                ex.getResponseBody().write(r.body());
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FleetSpec spec() {
        return spec;
    }

    public SimClock clock() {
        return clock;
    }

    public GroundTruth truth() {
        return truth;
    }

    public Faults faults() {
        return faults;
    }

    public Meter meter() {
        return meter;
    }

    /**
     * Re-tags an account, as Organizations TagResource does: ListTagsForResource serves the new tenant from now on,
     * while the account itself (its listing, metrics and cost) does not change. Ground truth keeps the tenant the
     * account was generated with.
     */
    public void retag(dev.tenantscope.model.AccountId account, dev.tenantscope.model.TenantId tenant) {
        if (truth.account(account).isEmpty()) {
            throw new IllegalArgumentException("account: expected a member account of the fleet, got " + account);
        }
        sim.retagged.put(account.value(), tenant.value());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
