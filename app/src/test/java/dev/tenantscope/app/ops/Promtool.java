package dev.tenantscope.app.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code promtool} (package {@code prometheus}). Missing is a failure, not a skip: {@code .ci/run}
 * installs it, so a machine without it would silently stop checking the shipped rules.
 */
public final class Promtool {
    private static final Path BINARY = Path.of("/usr/bin/promtool");

    /** What promtool printed and how it exited. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Promtool() {}

    public static Path binary() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package 'prometheus'"
                    + " (apt-get install prometheus; .ci/run does this)");
        }
        return BINARY;
    }

    /** {@code promtool <args…>} in {@code dir}; {@code stdin} (may be null) is written to its standard input. */
    public static Result run(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), output);
    }
}
