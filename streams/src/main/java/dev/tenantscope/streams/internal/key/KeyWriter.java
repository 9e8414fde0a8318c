package dev.tenantscope.streams.internal.key;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;

/**
 * Writes one key in the typed-key format (see {@link KeySerde}): format version, kind, then the fields in the
 * order the key writes them.
 */
public final class KeyWriter {
    private byte[] buf = new byte[64];
    private int size;

    private KeyWriter(KeyKind kind) {
        put(KeySerde.FORMAT_VERSION);
        put(kind.code());
    }

    public static KeyWriter of(KeyKind kind) {
        return new KeyWriter(kind);
    }

    /** UTF-8 with its byte length in front; an unpaired surrogate becomes '?', as with Kafka's StringSerializer. */
    public KeyWriter string(String value) {
        int n = value.length();
        if (n < 128 && ascii(value)) { // nearly every key: one length byte, one byte a char, no encoder
            ensure(1 + n);
            buf[size++] = (byte) n;
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) value.charAt(i);
            }
            return this;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A string that may be absent: 0, or 1 and the string. */
    public KeyWriter optionalString(String value) {
        if (value == null) {
            put((byte) 0);
            return this;
        }
        put((byte) 1);
        return string(value);
    }

    /** Days since 1970-01-01 as a 4-byte big-endian int. */
    public KeyWriter date(LocalDate day) {
        return int32(Math.toIntExact(day.toEpochDay()));
    }

    /** Months since January of year 0 as a 4-byte big-endian int. */
    public KeyWriter month(YearMonth month) {
        return int32(Math.toIntExact(month.getYear() * 12L + month.getMonthValue() - 1));
    }

    /**
     * Epoch milliseconds as an 8-byte big-endian long with the sign bit flipped, so byte order is time order
     * (range scans over a time field rely on it).
     */
    public KeyWriter instantMillis(long epochMillis) {
        long v = epochMillis ^ Long.MIN_VALUE;
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    private KeyWriter int32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    /** Unsigned LEB128: 7 bits a byte, high bit set on all but the last; lengths below 128 take one byte. */
    private void varint(int v) {
        while ((v & ~0x7F) != 0) {
            put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        put((byte) v);
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
