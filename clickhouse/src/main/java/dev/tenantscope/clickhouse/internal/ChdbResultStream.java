package dev.tenantscope.clickhouse.internal;

import dev.tenantscope.clickhouse.ClickHouseException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chDB streamed query as an {@link InputStream}: one engine chunk in native memory at a time, copied
 * straight into the caller's array. Holds a pooled connection until exhausted or closed; a stream
 * dropped without either is closed by the garbage collector (and logged), so a leak cannot starve the
 * pool for good.
 */
public final class ChdbResultStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ChdbResultStream.class);
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final AtomicLong LEAKED = new AtomicLong();

    private final Native state;
    private final Cleaner.Cleanable cleanable;

    public ChdbResultStream(ChdbEngine engine, ChdbEngine.Connection connection, MemorySegment stream) {
        this.state = new Native(engine, connection, stream);
        this.cleanable = CLEANER.register(this, state);
    }

    /** Streams the garbage collector had to close since start: callers that forgot {@code close()}. */
    public static long leaked() {
        return LEAKED.get();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return length == 0 ? 0 : state.read(buffer, offset, length);
    }

    @Override
    public int available() {
        return state.available();
    }

    @Override
    public void close() {
        state.closedByCaller = true;
        cleanable.clean();
    }

    /** Everything native, reachable from the cleaner without reaching the stream object. */
    private static final class Native implements Runnable {
        private final ChdbEngine engine;
        private final ChdbNative lib;
        private final ChdbEngine.Connection connection;
        private MemorySegment stream;
        private MemorySegment chunk = MemorySegment.NULL;
        private MemorySegment data = MemorySegment.NULL;
        private long position;
        private boolean exhausted;
        private boolean released;
        private volatile boolean closedByCaller;

        Native(ChdbEngine engine, ChdbEngine.Connection connection, MemorySegment stream) {
            this.engine = engine;
            this.lib = engine.lib();
            this.connection = connection;
            this.stream = stream;
        }

        int read(byte[] buffer, int offset, int length) throws IOException {
            while (position >= data.byteSize()) {
                if (exhausted) {
                    return -1;
                }
                if (released) {
                    throw new IOException("chDB result stream is closed");
                }
                nextChunk();
            }
            int n = (int) Math.min(length, data.byteSize() - position);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, position, buffer, offset, n);
            position += n;
            return n;
        }

        int available() {
            return (int) Math.min(Integer.MAX_VALUE, data.byteSize() - position);
        }

        private void nextChunk() {
            destroyChunk();
            MemorySegment next = lib.streamFetch(connection.handle(), stream);
            String error = lib.resultError(next);
            if (error != null) {
                lib.destroyResult(next);
                finish(true);
                throw ClickHouseException.fromText(error, null);
            }
            MemorySegment bytes = lib.resultData(next);
            if (bytes.byteSize() == 0) {
                lib.destroyResult(next);
                exhausted = true;
                finish(false); // the connection goes back as soon as the result ends
                return;
            }
            chunk = next;
            data = bytes;
            position = 0;
        }

        private void destroyChunk() {
            if (!chunk.equals(MemorySegment.NULL)) {
                lib.destroyResult(chunk);
            }
            chunk = MemorySegment.NULL;
            data = MemorySegment.NULL;
            position = 0;
        }

        private void finish(boolean cancel) {
            if (released) {
                return;
            }
            released = true;
            try {
                if (cancel) {
                    lib.streamCancel(connection.handle(), stream);
                }
                lib.destroyResult(stream);
            } finally {
                stream = MemorySegment.NULL;
                engine.giveBack(connection);
            }
        }

        /** close(), or the cleaner when the stream became unreachable; runs once. */
        @Override
        public void run() {
            if (!closedByCaller && !released) {
                LEAKED.incrementAndGet();
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn("a chDB query stream was dropped without close(); the garbage collector closed it."
                            + " Close query streams (try-with-resources): each holds a connection until then");
                }
            }
            destroyChunk();
            exhausted = true;
            finish(true);
        }
    }
}
