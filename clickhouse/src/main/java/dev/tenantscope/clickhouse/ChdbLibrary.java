package dev.tenantscope.clickhouse;

import dev.tenantscope.clickhouse.internal.NpmPack;
import dev.tenantscope.clickhouse.internal.PackageFetcher;
import dev.tenantscope.clickhouse.internal.TarGz;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds libchdb.so (chDB {@value #VERSION}): an explicit path if given, else the per-user cache
 * ({@code ~/.cache/tenantscope/chdb/26.7.3/libchdb.so}), else fetches it with {@code npm pack}, checks
 * the tarball's pinned sha512 and moves the library atomically into the cache.
 *
 * <p>CI pre-fetch: {@code java -cp <module classpath> dev.tenantscope.clickhouse.ChdbLibrary} prints
 * the library's path (fetching it first when missing).
 */
public final class ChdbLibrary {
    public static final String VERSION = "26.7.3";
    public static final String ENV_LIB = "TENANTSCOPE_CHDB_LIB";
    public static final String ENV_CACHE = "TENANTSCOPE_CHDB_CACHE";

    static final String NPM_SPEC = "@chdb/lib-linux-x64-gnu@26.7.3-stable.1";
    // sha512 of the tarball, pinned when this version was adopted (npm pack --json reported the same)
    static final String NPM_SHA512 =
            "sha512-XP97mMqnc5tZpKQywR8N7cLTsHNiTmHr30pC5mzo3jWmukjKn2IBa60c2B/gWUNcuFjOMjWoorQICCqBVj5wpw==";
    private static final String ENTRY = "package/libchdb.so";
    private static final String SIZE = "178 MB";

    private final Path override;
    private final Path cacheRoot;
    private final PackageFetcher fetcher;
    private final String spec;
    private final String expectedIntegrity;
    private final Consumer<String> progress;

    ChdbLibrary(
            Path override,
            Path cacheRoot,
            PackageFetcher fetcher,
            String spec,
            String expectedIntegrity,
            Consumer<String> progress) {
        this.override = override;
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.spec = spec;
        this.expectedIntegrity = expectedIntegrity;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * @param override an existing libchdb.so to use as is, or null
     * @param cacheRoot where fetched versions live ({@code <cacheRoot>/26.7.3/libchdb.so})
     */
    public static ChdbLibrary of(Path override, Path cacheRoot) {
        return new ChdbLibrary(override, cacheRoot, new NpmPack(), NPM_SPEC, NPM_SHA512, line -> {});
    }

    /** Reads {@value #ENV_LIB} (a libchdb.so) and {@value #ENV_CACHE} (cache root); the one place that does. */
    public static ChdbLibrary fromEnvironment() {
        String lib = System.getenv(ENV_LIB);
        String cache = System.getenv(ENV_CACHE);
        Path cacheRoot = cache == null || cache.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "tenantscope", "chdb")
                : Path.of(cache);
        return of(lib == null || lib.isBlank() ? null : Path.of(lib), cacheRoot);
    }

    /** The same library, reporting progress lines ("fetching chDB … with npm…") to {@code progress}. */
    public ChdbLibrary withProgress(Consumer<String> progress) {
        return new ChdbLibrary(override, cacheRoot, fetcher, spec, expectedIntegrity, progress);
    }

    /** Where the cached copy lives (whether or not it exists yet). */
    public Path cachedPath() {
        return cacheRoot.resolve(VERSION).resolve("libchdb.so");
    }

    /** The library's path, fetching it into the cache first when needed. */
    public Path locate() {
        if (override != null) {
            if (!Files.isRegularFile(override)) {
                throw new IllegalStateException(ENV_LIB + " points to " + override
                        + ", which is not a file: give the path of a libchdb.so (chDB " + VERSION
                        + ") or unset it to use the cache");
            }
            return override;
        }
        Path cached = cachedPath();
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        try {
            return fetch(cached);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot fetch chDB " + VERSION + " into " + cached + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching chDB " + VERSION, e);
        }
    }

    private Path fetch(Path cached) throws IOException, InterruptedException {
        Path versionDir = Files.createDirectories(cached.getParent());
        // one fetch at a time across processes (parallel test JVMs, a launcher and CI)
        try (FileChannel lockFile = FileChannel.open(
                        versionDir.resolve(".fetch.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            if (Files.isRegularFile(cached)) {
                return cached;
            }
            Path work = Files.createTempDirectory(versionDir, ".fetch-");
            try {
                long start = System.nanoTime();
                progress.accept("fetching chDB " + VERSION + " (" + SIZE + ") with npm…");
                PackageFetcher.Packed packed = fetcher.pack(spec, work);
                String actual = sha512(packed.tarball());
                if (!actual.equals(expectedIntegrity)) {
                    throw new IOException("tarball " + packed.tarball().getFileName() + " has " + actual + " but "
                            + expectedIntegrity + " is pinned: refusing to use it");
                }
                if (!packed.integrity().isEmpty() && !packed.integrity().equals(actual)) {
                    throw new IOException(
                            "npm reported integrity " + packed.integrity() + " but the tarball has " + actual);
                }
                progress.accept(String.format(
                        "fetched and verified in %.1f s; unpacking libchdb.so…", (System.nanoTime() - start) / 1e9));
                Path part = work.resolve("libchdb.so.part");
                if (!TarGz.extract(packed.tarball(), ENTRY, part)) {
                    throw new IOException(packed.tarball().getFileName() + " has no " + ENTRY);
                }
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(part, cached, StandardCopyOption.ATOMIC_MOVE);
                progress.accept("chDB " + VERSION + " ready at " + cached);
                return cached;
            } finally {
                deleteTree(work);
            }
        }
    }

    static String sha512(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return "sha512-" + Base64.getEncoder().encodeToString(digest.digest());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Pre-fetch for CI and installers: prints progress to stderr and the library's path to stdout. */
    public static void main(String[] args) {
        Path path = fromEnvironment().withProgress(System.err::println).locate();
        System.out.println(path);
    }
}
