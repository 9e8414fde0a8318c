package dev.tenantscope.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(TarGzTest.class.getResource("/chdb/" + name).toURI());
    }

    @Test
    void extractsOneEntryAfterSkippingOthers() throws Exception {
        Path target = dir.resolve("out");
        assertThat(TarGz.extract(fixture("fake-lib.tgz"), "package/libchdb.so", target))
                .isTrue();
        assertThat(Files.readString(target)).isEqualTo("not really a shared object\n");
    }

    @Test
    void readsGnuLongNames() throws Exception {
        Path target = dir.resolve("out");
        String name = "package/" + "d".repeat(120) + "/file.txt";
        assertThat(TarGz.extract(fixture("gnu-long-name.tgz"), name, target)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("long name content\n");
    }

    @Test
    void reportsAMissingEntry() throws Exception {
        assertThat(TarGz.extract(fixture("fake-lib.tgz"), "package/absent.so", dir.resolve("out")))
                .isFalse();
    }
}
