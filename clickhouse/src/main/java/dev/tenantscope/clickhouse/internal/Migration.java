package dev.tenantscope.clickhouse.internal;

/** One migration file: {@code V<version>__<name>.sql}, its text and its SHA-256 checksum. */
public record Migration(int version, String name, String file, String sql, String checksum) {}
