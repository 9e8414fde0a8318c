package dev.tenantscope.clickhouse;

import dev.tenantscope.clickhouse.testing.ClickHouseSqlContract;
import dev.tenantscope.clickhouse.testing.TestEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on embedded chDB: always runs (fetches libchdb.so on first use). */
class ChdbClickHouseIT extends ClickHouseSqlContract {
    private Path dir;

    @Override
    protected ClickHouseSql open() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("tenantscope-chdb-contract-");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestEngines.chdb(dir);
    }
}
