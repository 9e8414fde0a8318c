package dev.tenantscope.streams.it;

import dev.tenantscope.clickhouse.ClickHouseException;
import dev.tenantscope.clickhouse.ClickHouseSql;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A ClickHouseSql decorator whose inserts fail while it is "down", as an unreachable server's would. */
final class FlakyClickHouse implements ClickHouseSql {
    private final ClickHouseSql delegate;
    final AtomicBoolean down = new AtomicBoolean();

    FlakyClickHouse(ClickHouseSql delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(String sql, Map<String, String> params) {
        delegate.execute(sql, params);
    }

    @Override
    public InputStream query(String sql, String format, Map<String, String> params) {
        return delegate.query(sql, format, params);
    }

    @Override
    public void insert(String table, List<String> columns, String format, InputStream rows) {
        if (down.get()) {
            throw new ClickHouseException(210, "NETWORK_ERROR", "simulated outage: connection refused", null);
        }
        delegate.insert(table, columns, format, rows);
    }

    @Override
    public String engine() {
        return delegate.engine() + " (flaky)";
    }

    @Override
    public void close() {}
}
