package dev.tenantscope.clickhouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * Rows generated on demand as an {@link InputStream}, a batch at a time, so a million-row insert never
 * sits in memory whole.
 */
public final class GeneratedRows extends InputStream {
    private final long rows;
    private final LongFunction<byte[]> encoder;
    private long next;
    private byte[] batch = new byte[0];
    private int position;

    private GeneratedRows(long rows, LongFunction<byte[]> encoder) {
        this.rows = rows;
        this.encoder = encoder;
    }

    /** RowBinary of {@code (id UInt64, name String)}: id = i, name = "name-" + i. */
    public static InputStream rowBinary(long rows) {
        return new GeneratedRows(rows, i -> {
            byte[] name = ("name-" + i).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8 + 1 + name.length);
            for (int b = 0; b < 8; b++) {
                out.write((int) (i >>> (8 * b)) & 0xff);
            }
            out.write(name.length); // LEB128 length: names here are < 128 bytes
            out.write(name, 0, name.length);
            return out.toByteArray();
        });
    }

    /** JSONEachRow of {@code {"id": i, "name": "name-i"}}. */
    public static InputStream jsonEachRow(long rows) {
        return new GeneratedRows(
                rows, i -> ("{\"id\":" + i + ",\"name\":\"name-" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position == batch.length) {
            if (next == rows) {
                return -1;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            long end = Math.min(rows, next + 4096);
            for (; next < end; next++) {
                out.writeBytes(encoder.apply(next));
            }
            batch = out.toByteArray();
            position = 0;
        }
        int n = Math.min(length, batch.length - position);
        System.arraycopy(batch, position, buffer, offset, n);
        position += n;
        return n;
    }
}
