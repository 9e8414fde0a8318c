package dev.tenantscope.fleetsim;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tenantscope fleet-sim [--accounts N] [--port P] [--seed S] [--external-id X] [--now ISO] [--bind ADDR]}:
 * runs the simulator until interrupted. The simulated clock starts at {@code --now} (default: the wall clock)
 * and runs at wall-clock speed; {@code POST /_sim/clock} moves it.
 */
public final class FleetSimMain {
    private FleetSimMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage());
                return;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                System.err.println("fleet-sim: unexpected argument '" + a + "'\n" + usage());
                System.exit(2);
            }
            opts.put(a.substring(2), args[++i]);
        }
        FleetSpec spec = FleetSpec.defaults();
        try {
            spec = spec.withAccounts(Integer.parseInt(opts.getOrDefault("accounts", "1000")))
                    .withSeed(Long.parseLong(opts.getOrDefault("seed", "42")));
            if (opts.containsKey("external-id")) {
                spec = spec.withExternalId(opts.get("external-id"));
            }
            if (opts.containsKey("genesis")) {
                spec = spec.withGenesis(Instant.parse(opts.get("genesis")));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            System.err.println("fleet-sim: " + e.getMessage() + "\n" + usage());
            System.exit(2);
        }
        int port = Integer.parseInt(opts.getOrDefault("port", "4566"));
        Instant now = opts.containsKey("now") ? Instant.parse(opts.get("now")) : Instant.now();
        InetAddress bind = InetAddress.getByName(opts.getOrDefault("bind", "127.0.0.1"));
        FleetSimServer server = FleetSimServer.start(spec, port, SimClock.running(now), bind);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        System.out.println("fleet-sim: " + spec.accounts() + " accounts (seed " + spec.seed() + ") at "
                + server.endpoint() + ", simulated now " + now);
        System.out.println("  management credentials: AWS_ACCESS_KEY_ID=" + SimCatalog.MANAGEMENT_ACCESS_KEY_ID
                + " AWS_SECRET_ACCESS_KEY=" + SimCatalog.ANY_SECRET + " AWS_DEFAULT_REGION=us-east-1");
        System.out.println(
                "  role: arn:aws:iam::<account>:role/" + spec.roleName() + " with ExternalId " + spec.externalId());
        System.out.println("  control: " + server.endpoint() + "/_sim/health (see fleet-sim/README.md)");
        stop.await();
    }

    static String usage() {
        return "usage: fleet-sim [--accounts N (1000)] [--port P (4566, 0 = any)] [--seed S (42)] [--external-id X]"
                + " [--genesis ISO (2026-11-01T00:00:00Z)] [--now ISO (wall clock)] [--bind ADDR (127.0.0.1)]";
    }
}
