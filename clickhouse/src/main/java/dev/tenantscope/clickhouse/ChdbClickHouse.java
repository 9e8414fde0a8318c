package dev.tenantscope.clickhouse;

import dev.tenantscope.clickhouse.internal.ChdbEngine;
import dev.tenantscope.clickhouse.internal.ChdbNative;
import dev.tenantscope.clickhouse.internal.ChdbResultStream;
import dev.tenantscope.clickhouse.internal.Identifiers;
import dev.tenantscope.clickhouse.internal.ParamValues;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Embedded ClickHouse: chDB through Java FFM, data persisted in a directory.
 *
 * <p>chDB allows one storage path per process: every open handle on the same directory shares one
 * engine and its connection pool; opening another directory while one is open fails. Closing the last
 * handle shuts the engine down; reopening the directory sees the data again.
 */
public final class ChdbClickHouse implements ClickHouseSql {
    /** Statements on one chDB connection serialise; this many run in parallel by default. */
    public static final int DEFAULT_CONNECTIONS = 8;

    private static final int APPEND_CHUNK = 1 << 20;
    private static final String NOT_STREAMABLE = "Streaming query is not supported";

    private final ChdbEngine engine;
    private final ChdbNative lib;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChdbClickHouse(ChdbEngine engine) {
        this.engine = engine;
        this.lib = engine.lib();
    }

    /** Opens {@code dataDir} with the library from {@link ChdbLibrary#fromEnvironment()} (fetched if missing). */
    public static ChdbClickHouse open(Path dataDir) {
        return open(dataDir, ChdbLibrary.fromEnvironment(), DEFAULT_CONNECTIONS);
    }

    public static ChdbClickHouse open(Path dataDir, ChdbLibrary library, int connections) {
        return new ChdbClickHouse(ChdbEngine.acquire(library.locate(), dataDir, connections));
    }

    /** The storage directory (absolute). */
    public Path dataDir() {
        return engine.path();
    }

    @Override
    public void execute(String sql, Map<String, String> params) {
        ensureOpen();
        Map<String, String> encoded = ParamValues.encode(sql, params);
        ChdbEngine.Connection connection = engine.borrow();
        try {
            MemorySegment result = lib.query(connection.handle(), sql, "TabSeparated", encoded);
            try {
                String error = lib.resultError(result);
                if (error != null) {
                    throw ClickHouseException.fromText(error, null);
                }
            } finally {
                lib.destroyResult(result);
            }
        } finally {
            engine.giveBack(connection);
        }
    }

    @Override
    public InputStream query(String sql, String format, Map<String, String> params) {
        ensureOpen();
        Map<String, String> encoded = ParamValues.encode(sql, params);
        ChdbEngine.Connection connection = engine.borrow();
        boolean handedOver = false;
        try {
            MemorySegment stream = lib.streamQuery(connection.handle(), sql, format, encoded);
            String error = lib.resultError(stream);
            if (error != null) {
                lib.destroyResult(stream);
                if (!error.contains(NOT_STREAMABLE)) {
                    throw ClickHouseException.fromText(error, null);
                }
                // EXISTS, SHOW … cannot stream in chDB; their results are small: materialise them
                return new ByteArrayInputStream(materialise(connection, sql, format, encoded));
            }
            handedOver = true;
            return new ChdbResultStream(engine, connection, stream);
        } finally {
            if (!handedOver) {
                engine.giveBack(connection);
            }
        }
    }

    private byte[] materialise(
            ChdbEngine.Connection connection, String sql, String format, Map<String, String> encoded) {
        MemorySegment result = lib.query(connection.handle(), sql, format, encoded);
        try {
            String error = lib.resultError(result);
            if (error != null) {
                throw ClickHouseException.fromText(error, null);
            }
            return lib.resultData(result).toArray(ValueLayout.JAVA_BYTE);
        } finally {
            lib.destroyResult(result);
        }
    }

    @Override
    public void insert(String table, List<String> columns, String format, InputStream rows) {
        ensureOpen();
        String sql = Identifiers.insertInto(table, columns);
        ChdbEngine.Connection connection = engine.borrow();
        try {
            MemorySegment stream = lib.streamInsert(connection.handle(), sql, format);
            try {
                String error = lib.streamInsertError(stream);
                if (error != null) {
                    throw ClickHouseException.fromText(error, null);
                }
                append(stream, rows);
                MemorySegment result = lib.streamDone(stream);
                try {
                    error = lib.resultError(result);
                    if (error != null) {
                        throw ClickHouseException.fromText(error, null);
                    }
                } finally {
                    lib.destroyResult(result);
                }
            } finally {
                lib.destroyInsertStream(stream); // cancels first when not finalised
            }
        } finally {
            engine.giveBack(connection);
        }
    }

    private void append(MemorySegment stream, InputStream rows) {
        byte[] buffer = new byte[APPEND_CHUNK];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeBuffer = arena.allocate(APPEND_CHUNK);
            int n;
            while ((n = rows.readNBytes(buffer, 0, buffer.length)) > 0) {
                MemorySegment.copy(buffer, 0, nativeBuffer, ValueLayout.JAVA_BYTE, 0, n);
                if (!lib.streamAppend(stream, nativeBuffer, n)) {
                    String error = lib.streamInsertError(stream);
                    throw ClickHouseException.fromText(
                            error != null ? error : "chdb_stream_append failed without an error message", null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading rows to insert", e);
        }
    }

    @Override
    public String engine() {
        return "chdb " + engine.version();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this ChdbClickHouse (" + engine.path() + ") is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            engine.release();
        }
    }
}
