package dev.tenantscope.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real fetch: npm pack of the pinned package into an empty cache (≈ 178 MB download, 566 MB unpacked). */
class ChdbLibraryFetchIT {
    @TempDir
    Path cache;

    @Test
    void fetchesThePinnedPackageWithNpm() throws Exception {
        List<String> progress = new ArrayList<>();
        Path lib = ChdbLibrary.of(null, cache)
                .withProgress(line -> {
                    progress.add(line);
                    System.out.println("[chdb-fetch] " + line);
                })
                .locate();

        assertThat(lib).isEqualTo(cache.resolve("26.7.3/libchdb.so"));
        assertThat(Files.size(lib)).isGreaterThan(100L << 20);
        assertThat(progress.getFirst()).isEqualTo("fetching chDB 26.7.3 (178 MB) with npm…");
    }
}
