package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", description = "Apply the ClickHouse schema migrations; applying twice is a no-op.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    ClickHouseOptions clickhouse;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        TenantscopeConfig app = config.load(clickhouse.overrides(new LinkedHashMap<>()));
        try (ClickHouseSql sql = ClickHouseOptions.open(
                app.shared().clickhouse(), app.dataDir(), line -> System.out.println("  " + line))) {
            List<String> applied = Migrations.tenantscope().apply(sql);
            System.out.println(sql.engine() + ": "
                    + (applied.isEmpty() ? "schema up to date" : "applied " + String.join(", ", applied)));
        }
        return 0;
    }
}
