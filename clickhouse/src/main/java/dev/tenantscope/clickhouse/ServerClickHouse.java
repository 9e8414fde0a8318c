package dev.tenantscope.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.tenantscope.clickhouse.internal.ParamValues;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A ClickHouse server (or cluster, or Cloud) over HTTP with clickhouse-java client-v2. */
public final class ServerClickHouse implements ClickHouseSql {
    private final Client client;
    private final boolean ownsClient;

    /** Wraps a client the caller configured and closes; {@link #close()} leaves it open. */
    public ServerClickHouse(Client client) {
        this(client, false);
    }

    private ServerClickHouse(Client client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /**
     * Connects to {@code endpoint} (e.g. {@code http://localhost:8123}) as {@code user} into
     * {@code database}; the client is closed with this object.
     */
    public static ServerClickHouse connect(String endpoint, String user, String password, String database) {
        Client client = new Client.Builder()
                .addEndpoint(endpoint)
                .setUsername(user)
                .setPassword(password == null ? "" : password)
                .setDefaultDatabase(database)
                .build();
        return new ServerClickHouse(client, true);
    }

    @Override
    public void execute(String sql, Map<String, String> params) {
        try (CommandResponse ignored = await(client.execute(sql, objects(sql, params)), sql)) {
            // nothing to read
        } catch (Exception e) {
            throw wrap(e, sql);
        }
    }

    @Override
    public InputStream query(String sql, String format, Map<String, String> params) {
        QuerySettings settings = new QuerySettings().setFormat(format(format));
        QueryResponse response = await(client.query(sql, objects(sql, params), settings), sql);
        return new FilterInputStream(response.getInputStream()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    try {
                        response.close();
                    } catch (Exception e) {
                        throw new IOException("closing the response of: " + sql, e);
                    }
                }
            }
        };
    }

    @Override
    public void insert(String table, List<String> columns, String format, InputStream rows) {
        CompletableFuture<InsertResponse> insert = columns.isEmpty()
                ? client.insert(table, rows, format(format))
                : client.insert(table, columns, rows, format(format));
        try (InsertResponse ignored = await(insert, table)) {
            // statistics unused
        } catch (Exception e) {
            throw wrap(e, "INSERT INTO " + table);
        }
    }

    @Override
    public String engine() {
        return "server " + client.getServerVersion();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private static ClickHouseFormat format(String format) {
        try {
            return ClickHouseFormat.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown ClickHouse format '" + format + "': use one of " + List.of(ClickHouseFormat.values()), e);
        }
    }

    private static Map<String, Object> objects(String sql, Map<String, String> params) {
        return new LinkedHashMap<>(ParamValues.encode(sql, params));
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running: " + what, e);
        } catch (ExecutionException e) {
            throw wrap(e.getCause(), what);
        } catch (RuntimeException e) {
            throw wrap(e, what);
        }
    }

    private static RuntimeException wrap(Throwable e, String what) {
        if (e instanceof ClickHouseException ch) {
            return ch;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerException server) {
                // client-v2 appends " (queryId= …)" to the server's text
                String text = String.valueOf(server.getMessage()).replaceFirst("\\s*\\(queryId=[^)]*\\)\\s*$", "");
                ClickHouseException parsed = ClickHouseException.fromText(text, server);
                return new ClickHouseException(server.getCode(), parsed.name(), parsed.clickHouseMessage(), server);
            }
        }
        return new ClickHouseException(0, "UNKNOWN", e + " (while running: " + abbreviate(what) + ")", e);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "…";
    }
}
