package dev.tenantscope.app.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the test's working directory (Maven runs tests in the module directory). */
public final class RepoRoot {
    private RepoRoot() {}

    public static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tenantscope")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (a directory holding the ./tenantscope launcher and"
                + " pom.xml) above " + dir + ": run the tests from inside the repository");
    }
}
