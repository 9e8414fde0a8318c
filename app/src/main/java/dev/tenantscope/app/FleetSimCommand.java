package dev.tenantscope.app;

import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.fleetsim.SimClock;
import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "fleet-sim",
        description = "Run the AWS-wire-compatible fleet simulator on its own; aim an AWS CLI or SDK at it.")
final class FleetSimCommand implements Callable<Integer> {
    @Option(names = "--accounts", defaultValue = "1000", description = "tenant accounts (default ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--port", defaultValue = "4566", description = "port (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "seed of the generated fleet (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--external-id", description = "ExternalId the tenant roles require (default tenantscope-demo)")
    String externalId;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--genesis", description = "when the simulated organisation starts (default 2026-11-01T00:00:00Z)")
    Instant genesis;

    @Option(
            names = "--multi-region-fraction",
            defaultValue = "0",
            description = "share of accounts running workload in two or three regions, some opt-in (default"
                    + " ${DEFAULT-VALUE})")
    double multiRegionFraction;

    @Option(names = "--now", description = "simulated time to start at; the clock then runs (default: wall clock)")
    Instant now;

    @Override
    public Integer call() throws Exception {
        FleetSpec spec =
                FleetSpec.defaults().withSeed(seed).withAccounts(accounts).withMultiRegionFraction(multiRegionFraction);
        if (externalId != null) {
            spec = spec.withExternalId(externalId);
        }
        if (genesis != null) {
            spec = spec.withGenesis(genesis);
        }
        Instant start = now != null ? now : Instant.now();
        try (FleetSimServer sim =
                FleetSimServer.start(spec, port, SimClock.running(start), InetAddress.getByName(bind))) {
            System.out.println("fleet-sim: " + accounts + " accounts (seed " + seed + ") at " + sim.endpoint()
                    + ", simulated now " + start);
            System.out.println("  management account  " + spec.managementAccount() + " (credentials AWS_ACCESS_KEY_ID="
                    + SimCatalog.MANAGEMENT_ACCESS_KEY_ID + " AWS_SECRET_ACCESS_KEY=" + SimCatalog.ANY_SECRET + ")");
            System.out.println("  tenant role         " + spec.roleName() + " (ExternalId " + spec.externalId() + ")");
            System.out.println("  ground truth        " + sim.endpoint() + "/_sim/truth/…");
            System.out.println("  try: AWS_ACCESS_KEY_ID=" + SimCatalog.MANAGEMENT_ACCESS_KEY_ID
                    + " AWS_SECRET_ACCESS_KEY=" + SimCatalog.ANY_SECRET + " aws --region us-east-1"
                    + " --endpoint-url " + sim.endpoint() + " organizations list-accounts");
            System.out.println("Stop with Ctrl-C.");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
