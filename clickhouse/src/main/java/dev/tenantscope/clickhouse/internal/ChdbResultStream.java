package dev.tenantscope.clickhouse.internal;

import dev.tenantscope.clickhouse.ClickHouseException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A chDB streamed query as an {@link InputStream}: one engine chunk in native memory at a time, copied
 * straight into the caller's array. Holds a pooled connection until exhausted or closed.
 */
public final class ChdbResultStream extends InputStream {
    private final ChdbEngine engine;
    private final ChdbNative lib;
    private final ChdbEngine.Connection connection;
    private MemorySegment stream;
    private MemorySegment chunk = MemorySegment.NULL;
    private MemorySegment data = MemorySegment.NULL;
    private long position;
    private boolean exhausted;
    private boolean released;

    public ChdbResultStream(ChdbEngine engine, ChdbEngine.Connection connection, MemorySegment stream) {
        this.engine = engine;
        this.lib = engine.lib();
        this.connection = connection;
        this.stream = stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
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

    @Override
    public int available() {
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
            finish(false);
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

    @Override
    public void close() {
        destroyChunk();
        exhausted = true;
        finish(true);
    }
}
