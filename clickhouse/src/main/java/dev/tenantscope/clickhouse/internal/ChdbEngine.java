package dev.tenantscope.clickhouse.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process-wide chDB engine: the loaded library, the one storage path chDB allows per process, and
 * a small pool of connections to it. Reference-counted: opening the same path again shares the engine;
 * the last release closes every connection, which shuts chDB down (reopening reboots it, ≈ 25 ms).
 */
public final class ChdbEngine {
    /** Waiting longer than this for a connection means callers leak unclosed query streams. */
    private static final long BORROW_TIMEOUT_SECONDS = 120;

    private static final Object PROCESS_LOCK = new Object();
    private static ChdbNative loaded; // guarded by PROCESS_LOCK; a shared object stays loaded
    private static ChdbEngine current; // guarded by PROCESS_LOCK

    private final ChdbNative lib;
    private final Path path;
    private final int maxConnections;
    private final String version;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private int created; // guarded by lock
    private int refs; // guarded by PROCESS_LOCK

    /** One {@code chdb_connection}: {@code pointer} is what connect returned, {@code handle} what calls take. */
    public record Connection(MemorySegment pointer, MemorySegment handle) {}

    private ChdbEngine(ChdbNative lib, Path path, int maxConnections) {
        this.lib = lib;
        this.path = path;
        this.maxConnections = maxConnections;
        this.version = lib.version();
    }

    /** Opens (or shares) the engine at {@code dataDir}; pair with {@link #release()}. */
    public static ChdbEngine acquire(Path library, Path dataDir, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("chDB connections must be ≥ 1, got " + maxConnections);
        }
        Path path = dataDir.toAbsolutePath().normalize();
        synchronized (PROCESS_LOCK) {
            if (current != null) {
                if (!current.path.equals(path)) {
                    throw new IllegalStateException("chDB is already open at " + current.path
                            + " in this process and allows one storage path per process; cannot open " + path
                            + ": close every ClickHouseSql on the first path (and its query streams) or use the"
                            + " same directory");
                }
                current.refs++;
                return current;
            }
            if (loaded == null) {
                ChdbNative lib = ChdbNative.load(library);
                // chDB's own handlers hang the JVM on its signals (SIGSEGV → NullPointerException): off
                // before the first connect, once per process
                lib.setSignalHandlersEnabled(false);
                loaded = lib;
            }
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the chDB data directory " + path, e);
            }
            ChdbEngine engine = new ChdbEngine(loaded, path, maxConnections);
            // connect eagerly: fail here, not at the first query, and keep one connection while open
            engine.idle.add(engine.connect());
            engine.created = 1;
            engine.refs = 1;
            current = engine;
            return engine;
        }
    }

    /** Drops one reference; the last one closes the connections and shuts chDB down. */
    public void release() {
        synchronized (PROCESS_LOCK) {
            if (refs == 0) {
                return;
            }
            refs--;
            if (refs > 0) {
                return;
            }
            lock.lock();
            try {
                while (!idle.isEmpty()) {
                    closeConnection(idle.poll());
                }
                if (created == 0) {
                    current = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    public ChdbNative lib() {
        return lib;
    }

    public Path path() {
        return path;
    }

    public String version() {
        return version;
    }

    /** Takes an idle connection, opening one if the pool has room; waits otherwise. */
    public Connection borrow() {
        lock.lock();
        try {
            long waitNanos = TimeUnit.SECONDS.toNanos(BORROW_TIMEOUT_SECONDS);
            while (true) {
                if (!idle.isEmpty()) {
                    return idle.poll();
                }
                if (created < maxConnections) {
                    created++;
                    break;
                }
                if (waitNanos <= 0) {
                    throw new IllegalStateException("all " + maxConnections + " chDB connections at " + path
                            + " stayed busy for " + BORROW_TIMEOUT_SECONDS + " s: close query streams after"
                            + " reading them, or open the engine with more connections");
                }
                waitNanos = returned.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a chDB connection", e);
        } finally {
            lock.unlock();
        }
        try {
            return connect();
        } catch (RuntimeException e) {
            lock.lock();
            try {
                created--;
                returned.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /** Returns a borrowed connection; closes it instead when the engine was released meanwhile. */
    public void giveBack(Connection connection) {
        synchronized (PROCESS_LOCK) {
            lock.lock();
            try {
                if (refs > 0) {
                    idle.push(connection);
                    returned.signal();
                    return;
                }
                closeConnection(connection);
                if (created == 0 && current == this) {
                    current = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private Connection connect() {
        MemorySegment pointer = lib.connect("clickhouse", "--path=" + path);
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("chdb_connect failed for --path=" + path
                    + ": another storage path (or :memory:) may be open in this process outside tenantscope,"
                    + " or the directory is not writable");
        }
        return new Connection(pointer, ChdbNative.handle(pointer));
    }

    private void closeConnection(Connection connection) {
        created--;
        lib.closeConn(connection.pointer());
    }
}
