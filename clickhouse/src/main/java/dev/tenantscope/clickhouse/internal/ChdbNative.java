package dev.tenantscope.clickhouse.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Downcalls into libchdb.so (the C API of chdb.h, version 26.7.3). Thin: no policy, no pooling. Every
 * pointer argument is a {@link MemorySegment}; NULL is {@link MemorySegment#NULL}.
 */
public final class ChdbNative {
    private final Path library;
    private final MethodHandle setSignalHandlersEnabled;
    private final MethodHandle version;
    private final MethodHandle connect;
    private final MethodHandle closeConn;
    private final MethodHandle queryN;
    private final MethodHandle queryWithParamsN;
    private final MethodHandle streamQueryN;
    private final MethodHandle streamQueryWithParamsN;
    private final MethodHandle streamFetchResult;
    private final MethodHandle streamCancelQuery;
    private final MethodHandle destroyQueryResult;
    private final MethodHandle resultBuffer;
    private final MethodHandle resultLength;
    private final MethodHandle resultError;
    private final MethodHandle streamInsertN;
    private final MethodHandle streamAppend;
    private final MethodHandle streamDone;
    private final MethodHandle streamCancelInsert;
    private final MethodHandle streamInsertError;
    private final MethodHandle destroyInsertStream;

    private ChdbNative(Path library, SymbolLookup lookup) {
        this.library = library;
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor paramsQuery = FunctionDescriptor.of(
                ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_LONG);
        FunctionDescriptor plainQuery = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
        setSignalHandlersEnabled =
                find(linker, lookup, "chdb_set_signal_handlers_enabled", FunctionDescriptor.ofVoid(JAVA_INT));
        version = find(linker, lookup, "chdb_version", FunctionDescriptor.of(ADDRESS));
        connect = find(linker, lookup, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConn = find(linker, lookup, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        queryN = find(linker, lookup, "chdb_query_n", plainQuery);
        queryWithParamsN = find(linker, lookup, "chdb_query_with_params_n", paramsQuery);
        streamQueryN = find(linker, lookup, "chdb_stream_query_n", plainQuery);
        streamQueryWithParamsN = find(linker, lookup, "chdb_stream_query_with_params_n", paramsQuery);
        streamFetchResult =
                find(linker, lookup, "chdb_stream_fetch_result", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        streamCancelQuery =
                find(linker, lookup, "chdb_stream_cancel_query", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        destroyQueryResult = find(linker, lookup, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
        resultBuffer = find(linker, lookup, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = find(linker, lookup, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = find(linker, lookup, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        streamInsertN = find(
                linker,
                lookup,
                "chdb_stream_insert_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        streamAppend = find(
                linker, lookup, "chdb_stream_append", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        streamDone = find(linker, lookup, "chdb_stream_done", FunctionDescriptor.of(ADDRESS, ADDRESS));
        streamCancelInsert = find(linker, lookup, "chdb_stream_cancel_insert", FunctionDescriptor.ofVoid(ADDRESS));
        streamInsertError = find(linker, lookup, "chdb_stream_insert_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyInsertStream = find(linker, lookup, "chdb_destroy_insert_stream", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** Loads the library for the rest of the process (a shared object cannot be unloaded safely). */
    public static ChdbNative load(Path library) {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "cannot load " + library + " (" + e.getMessage() + "): if it is the"
                            + " cached copy, delete it to fetch it again; if TENANTSCOPE_CHDB_LIB names it, point it at a"
                            + " libchdb.so of chDB 26.7.3 for this platform",
                    e);
        }
        return new ChdbNative(library, lookup);
    }

    public Path library() {
        return library;
    }

    private static MethodHandle find(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("libchdb.so has no symbol " + name
                        + ": is it chDB 26.7.3 (npm package @chdb/lib-linux-x64-gnu)?"));
        return linker.downcallHandle(symbol, descriptor);
    }

    public void setSignalHandlersEnabled(boolean enabled) {
        try {
            setSignalHandlersEnabled.invokeExact(enabled ? 1 : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public String version() {
        try {
            return cString((MemorySegment) version.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Returns the {@code chdb_connection*} (pointer to the handle), or NULL. */
    public MemorySegment connect(String... argv) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(ADDRESS, argv.length + 1L);
            for (int i = 0; i < argv.length; i++) {
                array.setAtIndex(ADDRESS, i, arena.allocateFrom(argv[i]));
            }
            array.setAtIndex(ADDRESS, argv.length, MemorySegment.NULL);
            return (MemorySegment) connect.invokeExact(argv.length, array);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The {@code chdb_connection} a {@code chdb_connection*} points to. */
    public static MemorySegment handle(MemorySegment connectionPointer) {
        return connectionPointer.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
    }

    public void closeConn(MemorySegment connectionPointer) {
        try {
            closeConn.invokeExact(connectionPointer);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code chdb_query(_with_params)_n}: a materialised result (destroy it). */
    public MemorySegment query(MemorySegment conn, String sql, String format, Map<String, String> params) {
        return call(conn, sql, format, params, queryN, queryWithParamsN);
    }

    /** {@code chdb_stream_query(_with_params)_n}: a stream handle (destroy it). */
    public MemorySegment streamQuery(MemorySegment conn, String sql, String format, Map<String, String> params) {
        return call(conn, sql, format, params, streamQueryN, streamQueryWithParamsN);
    }

    private static MemorySegment call(
            MemorySegment conn,
            String sql,
            String format,
            Map<String, String> params,
            MethodHandle plain,
            MethodHandle withParams) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment q = utf8(arena, sql);
            MemorySegment f = utf8(arena, format);
            if (params.isEmpty()) {
                return (MemorySegment) plain.invokeExact(conn, q, q.byteSize(), f, f.byteSize());
            }
            int n = params.size();
            MemorySegment names = arena.allocate(ADDRESS, n);
            MemorySegment nameLens = arena.allocate(JAVA_LONG, n);
            MemorySegment values = arena.allocate(ADDRESS, n);
            MemorySegment valueLens = arena.allocate(JAVA_LONG, n);
            int i = 0;
            for (Map.Entry<String, String> e : params.entrySet()) {
                MemorySegment name = utf8(arena, e.getKey());
                MemorySegment value = utf8(arena, e.getValue());
                names.setAtIndex(ADDRESS, i, name);
                nameLens.setAtIndex(JAVA_LONG, i, name.byteSize());
                values.setAtIndex(ADDRESS, i, value);
                valueLens.setAtIndex(JAVA_LONG, i, value.byteSize());
                i++;
            }
            return (MemorySegment) withParams.invokeExact(
                    conn, q, q.byteSize(), f, f.byteSize(), names, nameLens, values, valueLens, (long) n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public MemorySegment streamFetch(MemorySegment conn, MemorySegment stream) {
        try {
            return (MemorySegment) streamFetchResult.invokeExact(conn, stream);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void streamCancel(MemorySegment conn, MemorySegment stream) {
        try {
            streamCancelQuery.invokeExact(conn, stream);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void destroyResult(MemorySegment result) {
        try {
            destroyQueryResult.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The result's bytes as a segment valid until the result is destroyed. */
    public MemorySegment resultData(MemorySegment result) {
        try {
            long length = (long) resultLength.invokeExact(result);
            if (length == 0) {
                return MemorySegment.NULL;
            }
            MemorySegment buffer = (MemorySegment) resultBuffer.invokeExact(result);
            return buffer.reinterpret(length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The result's error text, or null when it succeeded. */
    public String resultError(MemorySegment result) {
        try {
            return cString((MemorySegment) resultError.invokeExact(result));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public MemorySegment streamInsert(MemorySegment conn, String insertSql, String format) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment q = utf8(arena, insertSql);
            MemorySegment f = utf8(arena, format);
            return (MemorySegment) streamInsertN.invokeExact(conn, q, q.byteSize(), f, f.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** True on success. May block while the engine applies backpressure. */
    public boolean streamAppend(MemorySegment stream, MemorySegment data, long length) {
        try {
            return (int) streamAppend.invokeExact(stream, data, length) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public MemorySegment streamDone(MemorySegment stream) {
        try {
            return (MemorySegment) streamDone.invokeExact(stream);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void streamCancelInsert(MemorySegment stream) {
        try {
            streamCancelInsert.invokeExact(stream);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public String streamInsertError(MemorySegment stream) {
        try {
            return cString((MemorySegment) streamInsertError.invokeExact(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void destroyInsertStream(MemorySegment stream) {
        try {
            destroyInsertStream.invokeExact(stream);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment utf8(Arena arena, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // NUL-terminated as well, though the _n calls take the length: cheap insurance
        MemorySegment segment = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
        return segment.asSlice(0, bytes.length);
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE = java.lang.foreign.ValueLayout.JAVA_BYTE;

    private static String cString(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return null;
        }
        return pointer.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("chDB call failed", t);
    }
}
