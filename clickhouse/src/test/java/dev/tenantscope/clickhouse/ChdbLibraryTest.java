package dev.tenantscope.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.clickhouse.internal.PackageFetcher;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChdbLibraryTest {
    /**
     * The SRI integrity of {@code /chdb/fake-lib.tgz}, computed outside the code under test
     * ({@code echo "sha512-$(openssl dgst -sha512 -binary fake-lib.tgz | base64 -w0)"}): a hash the code computes
     * wrongly, or in another encoding, fails here instead of agreeing with itself.
     */
    private static final String FAKE_LIB_INTEGRITY =
            "sha512-r93NTXdA/RnXMbhBuLt7WtFK6VY39h57aw8aNAWFVEFhWj1o6Sa9tQHQC3CUe2/5B+w7ivqwRmjBKit5kNR0Vg==";

    @TempDir
    Path cache;

    private Path tarball;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void fixture() throws Exception {
        tarball = Path.of(getClass().getResource("/chdb/fake-lib.tgz").toURI());
    }

    @Test
    void integrityIsTheSriFormOfTheTarballsSha512() throws Exception {
        assertThat(ChdbLibrary.sha512(tarball)).isEqualTo(FAKE_LIB_INTEGRITY);
    }

    private PackageFetcher copying(String reportedIntegrity) {
        return (spec, dir) -> {
            Path copy = Files.copy(tarball, dir.resolve("fake.tgz"), StandardCopyOption.REPLACE_EXISTING);
            return new PackageFetcher.Packed(copy, reportedIntegrity);
        };
    }

    private ChdbLibrary library(PackageFetcher fetcher, String pinned) {
        return new ChdbLibrary(null, cache, fetcher, ChdbLibrary.NPM_SPEC, pinned, progress::add);
    }

    @Test
    void fetchesVerifiesAndCachesTheLibrary() throws Exception {
        Path lib = library(copying(FAKE_LIB_INTEGRITY), FAKE_LIB_INTEGRITY).locate();

        assertThat(lib).isEqualTo(cache.resolve("26.7.3/libchdb.so"));
        assertThat(Files.readString(lib)).isEqualTo("not really a shared object\n");
        assertThat(Files.isExecutable(lib)).isTrue();
        assertThat(progress.getFirst()).isEqualTo("fetching chDB 26.7.3 (178 MB) with npm…");
        assertThat(progress.getLast()).startsWith("chDB 26.7.3 ready at ");
        try (Stream<Path> left = Files.list(cache.resolve("26.7.3"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .doesNotContain("fake.tgz")
                    .noneMatch(n -> n.startsWith(".fetch-"));
        }
    }

    @Test
    void cachedLibraryIsUsedWithoutFetching() throws Exception {
        Path cached = Files.createDirectories(cache.resolve("26.7.3")).resolve("libchdb.so");
        Files.writeString(cached, "cached");
        PackageFetcher failing = (spec, dir) -> {
            throw new AssertionError("must not fetch");
        };
        assertThat(library(failing, FAKE_LIB_INTEGRITY).locate()).isEqualTo(cached);
    }

    @Test
    void tarballWithAnotherHashIsRefused() {
        String pinned = "sha512-" + "A".repeat(86) + "==";
        assertThatThrownBy(() -> library(copying(""), pinned).locate())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is pinned: refusing to use it");
        assertThat(cache.resolve("26.7.3/libchdb.so")).doesNotExist();
    }

    @Test
    void npmIntegrityMustAgreeWithTheTarball() {
        assertThatThrownBy(() ->
                        library(copying("sha512-other"), FAKE_LIB_INTEGRITY).locate())
                .hasMessageContaining("npm reported integrity sha512-other");
    }

    @Test
    void missingOverrideNamesTheVariable() {
        Path absent = cache.resolve("nowhere/libchdb.so");
        assertThatThrownBy(() -> ChdbLibrary.of(absent, cache).locate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TENANTSCOPE_CHDB_LIB points to " + absent);
    }

    @Test
    void existingOverrideIsUsedAsIs() throws Exception {
        Path lib = Files.writeString(cache.resolve("my-libchdb.so"), "x");
        assertThat(ChdbLibrary.of(lib, cache.resolve("unused")).locate()).isEqualTo(lib);
    }
}
