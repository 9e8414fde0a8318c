package dev.tenantscope.app;

import java.nio.file.Path;
import java.util.List;

/** The launcher's streams role (topology only, no sink) in its own JVM, so a test can SIGKILL it. */
final class StreamsChildProcess {
    private StreamsChildProcess() {}

    /** Starts it with its state under {@code dir/name}, its output in {@code dir/name-….log}. */
    static Process start(Path dir, String bootstrap, String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "streams",
                "--no-sink",
                "--bootstrap-servers",
                bootstrap,
                "--data-dir",
                dir.resolve(name).toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve(name + "-" + System.nanoTime() + ".log").toFile())
                .start();
    }
}
