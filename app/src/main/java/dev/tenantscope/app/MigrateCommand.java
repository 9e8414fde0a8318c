package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", description = "Apply the ClickHouse schema migrations; applying twice is a no-op.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    ClickHouseOptions clickhouse;

    @Override
    public Integer call() {
        try (ClickHouseSql sql = clickhouse.open(line -> System.out.println("  " + line))) {
            List<String> applied = Migrations.tenantscope().apply(sql);
            System.out.println(sql.engine() + ": "
                    + (applied.isEmpty() ? "schema up to date" : "applied " + String.join(", ", applied)));
        }
        return 0;
    }
}
