package dev.tenantscope.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code npm pack --json <spec>} in a directory (npm uses whatever registry it is configured
 * with) and reports the tarball and the integrity npm claims for it.
 */
public final class NpmPack implements PackageFetcher {

    @Override
    public Packed pack(String spec, Path directory) throws IOException, InterruptedException {
        Path stdout = directory.resolve("npm-pack.json");
        Path stderr = directory.resolve("npm-pack.log");
        Process process;
        try {
            process = new ProcessBuilder(List.of("npm", "pack", "--json", spec))
                    .directory(directory.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot run npm to fetch " + spec + " (" + e.getMessage() + "): install Node.js/npm, or set"
                            + " TENANTSCOPE_CHDB_LIB to an existing libchdb.so",
                    e);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("npm pack " + spec + " exited with " + exit + ": "
                    + tail(Files.readString(stderr, StandardCharsets.UTF_8)));
        }
        JsonNode json = new ObjectMapper().readTree(stdout.toFile());
        JsonNode entry = json.isArray() ? json.path(0) : json;
        String filename = entry.path("filename").asText("");
        if (filename.isEmpty()) {
            throw new IOException("npm pack " + spec + " printed no filename: " + tail(Files.readString(stdout)));
        }
        return new Packed(directory.resolve(filename), entry.path("integrity").asText(""));
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 2000 ? trimmed : "…" + trimmed.substring(trimmed.length() - 2000);
    }
}
