package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.QueryApiServer;
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
    Integer port;

    @Override
    public Integer call() throws Exception {
        AppConfig app = config.load();
        QueryApiConfig apiConfig = app == null ? QueryApiConfig.defaults() : app.queryApi(QueryApiConfig::fromYaml);
        int listen = port != null ? port : app == null ? 8080 : app.queryApiPort(8080);
        if (clickhouse.url == null && app != null) {
            clickhouse.url = app.clickhouseUrl();
        }
        if (apiConfig.tokens().isEmpty()) {
            System.out.println("warning: no API tokens configured (queryApi.tokens): every API call answers 401");
        }
        try (Stack stack = new Stack()) {
            ClickHouseSql sql = stack.add(clickhouse.open(line -> System.out.println("  " + line)));
            QueryApiServer server = stack.add(QueryApiServer.start(apiConfig, sql, listen));
            System.out.println("query API at " + server.uri() + " on " + sql.engine());
            Lifecycle.runUntilStopped(stack);
        }
        return 0;
    }
}
