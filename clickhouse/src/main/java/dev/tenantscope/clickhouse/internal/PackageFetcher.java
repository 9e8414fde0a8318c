package dev.tenantscope.clickhouse.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Fetches a package tarball into a directory; {@link NpmPack} in production, a fake in tests. */
@FunctionalInterface
public interface PackageFetcher {
    /** The tarball and the SRI integrity string ({@code sha512-…}) the tool reported, "" if none. */
    record Packed(Path tarball, String integrity) {}

    Packed pack(String spec, Path directory) throws IOException, InterruptedException;
}
