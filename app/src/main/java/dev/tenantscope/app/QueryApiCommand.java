package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.QueryApiServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "query-api", description = "Serve the HTTP API, finance exports, /metrics and the web overview.")
final class QueryApiCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    ClickHouseOptions clickhouse;

    @Option(names = "--port", description = "HTTP port (default: queryApi.port, else 8080)")
    String port;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = clickhouse.overrides(new LinkedHashMap<>());
        if (port != null) {
            overrides.put("queryApi.port", port);
        }
        TenantscopeConfig app = config.load(overrides);
        QueryApiConfig apiConfig = app.queryApi();
        if (apiConfig.tokens().isEmpty()) {
            System.out.println("warning: no API tokens configured (queryApi.tokens): every API call answers 401");
        }
        try (Stack stack = new Stack()) {
            ClickHouseSql sql = stack.add(ClickHouseOptions.open(
                    app.shared().clickhouse(), app.dataDir(), line -> System.out.println("  " + line)));
            QueryApiServer server = stack.add(QueryApiServer.start(apiConfig, sql, apiConfig.port()));
            System.out.println("query API at " + server.uri() + " on " + sql.engine());
            Lifecycle.runUntilStopped(stack);
        }
        return 0;
    }
}
