package dev.tenantscope.streams.it;

import dev.tenantscope.streams.StreamsApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams application alone in a JVM, so a test can kill it with SIGKILL (an in-process {@code close()} is a
 * graceful shutdown: it commits or aborts, which a crash never does). Runs {@link StreamsToClickHouseIT#config()}.
 */
public final class StreamsChild {
    private StreamsChild() {}

    /** @param args bootstrap servers, state directory */
    public static void main(String[] args) throws InterruptedException {
        StreamsApp.start(StreamsToClickHouseIT.config(), args[0], Path.of(args[1]));
        System.out.println("[StreamsChild] started");
        Thread.currentThread().join(); // until killed
    }

    /** Starts a child JVM on this test's classpath; its output goes to {@code log}. */
    static Process start(String bootstrapServers, Path stateDir, Path log) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                StreamsChild.class.getName(),
                bootstrapServers,
                stateDir.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
