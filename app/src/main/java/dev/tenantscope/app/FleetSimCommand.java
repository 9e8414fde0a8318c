package dev.tenantscope.app;

import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
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

    @Override
    public Integer call() throws Exception {
        FleetSpec spec = FleetSpec.defaults().withSeed(seed).withAccounts(accounts);
        if (externalId != null) {
            spec = spec.withExternalId(externalId);
        }
        try (FleetSimServer sim =
                FleetSimServer.start(spec, port, SimClock.running(Instant.now()), InetAddress.getByName(bind))) {
            System.out.println("fleet-sim: " + accounts + " accounts (seed " + seed + ") at " + sim.endpoint());
            System.out.println("  management account  " + spec.managementAccount());
            System.out.println("  tenant role         " + spec.roleName() + " (ExternalId " + spec.externalId() + ")");
            System.out.println("  ground truth        " + sim.endpoint() + "/_sim/truth/…");
            System.out.println("  try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --region us-east-1"
                    + " --endpoint-url " + sim.endpoint() + " organizations list-accounts");
            System.out.println("Stop with Ctrl-C.");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
