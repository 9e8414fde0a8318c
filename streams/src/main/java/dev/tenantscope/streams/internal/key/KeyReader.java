package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.topic.RecordDecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Set;

/**
 * Reads one key written by {@link KeyWriter}. Every problem is a {@link RecordDecodeException} naming the key type,
 * the topic, the field and what was wrong, so a bad record lands in the dead-letter topic with a useful reason.
 */
public final class KeyReader {
    private final byte[] data;
    private final Class<?> type;
    private final String topic;
    private final KeyKind kind;
    private int pos;

    private KeyReader(byte[] data, Class<?> type, String topic, KeyKind kind) {
        this.data = data;
        this.type = type;
        this.topic = topic;
        this.kind = kind;
        this.pos = 2;
    }

    /** Checks the format version and that the kind is one of {@code kinds}. */
    static KeyReader open(byte[] data, Class<?> type, String topic, Set<KeyKind> kinds) {
        if (data.length < 2) {
            throw new RecordDecodeException(
                    "cannot decode " + what(type, topic) + ": expected at least 2 bytes (format version, kind), got "
                            + data.length,
                    null);
        }
        if (data[0] != KeySerde.FORMAT_VERSION) {
            String legacy = data[0] >= 0x20 && data[0] < 0x7F
                    ? " (printable text: a string key written before typed keys? see streams/README.md, Upgrading)"
                    : "";
            throw new RecordDecodeException(
                    "cannot decode " + what(type, topic) + ": expected key format version " + KeySerde.FORMAT_VERSION
                            + ", got " + (data[0] & 0xFF) + legacy,
                    null);
        }
        KeyKind kind = KeyKind.of(data[1]);
        if (kind == null || !kinds.contains(kind)) {
            throw new RecordDecodeException(
                    "cannot decode " + what(type, topic) + ": expected key kind " + kinds + ", got "
                            + (kind == null ? "unknown code " + (data[1] & 0xFF) : kind),
                    null);
        }
        return new KeyReader(data, type, topic, kind);
    }

    /** Built only for a message: decoding is on the hot path of every repartitioned record. */
    private static String what(Class<?> type, String topic) {
        return type.getSimpleName() + " key" + (topic == null ? "" : " from topic " + topic);
    }

    public KeyKind kind() {
        return kind;
    }

    public String string(String field) {
        int n = varint(field);
        need(field, n);
        if (ascii(pos, n)) { // nearly every key: ids, AWS names; skips a decoder per field
            String s = new String(data, pos, n, StandardCharsets.US_ASCII);
            pos += n;
            return s;
        }
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, pos, n))
                    .toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw malformed(field, "expected UTF-8 text, got invalid bytes at offset " + pos);
        }
    }

    private boolean ascii(int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Null when the field is absent. */
    public String optionalString(String field) {
        need(field, 1);
        byte present = data[pos++];
        return switch (present) {
            case 0 -> null;
            case 1 -> string(field);
            default -> throw malformed(field, "expected presence flag 0 or 1, got " + (present & 0xFF));
        };
    }

    public LocalDate date(String field) {
        int days = int32(field);
        try {
            return LocalDate.ofEpochDay(days);
        } catch (DateTimeException e) {
            throw malformed(field, "expected a date (days since 1970-01-01), got " + days);
        }
    }

    public YearMonth month(String field) {
        int months = int32(field);
        try {
            return YearMonth.of(Math.floorDiv(months, 12), Math.floorMod(months, 12) + 1);
        } catch (DateTimeException e) {
            throw malformed(field, "expected a month (months since year 0), got " + months);
        }
    }

    /** Rejects bytes after the last field: a key of another shape, or a corrupt one. */
    void end() {
        if (pos != data.length) {
            throw new RecordDecodeException(
                    "cannot decode " + what(type, topic) + ": expected " + pos + " bytes, got " + data.length
                            + " (trailing bytes after the last field)",
                    null);
        }
    }

    RecordDecodeException invalid(IllegalArgumentException e) {
        return new RecordDecodeException("cannot decode " + what(type, topic) + ": " + e.getMessage(), e);
    }

    /** Epoch milliseconds written by {@link KeyWriter#instantMillis}. */
    public long instantMillis(String field) {
        need(field, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (data[pos++] & 0xFF);
        }
        return v ^ Long.MIN_VALUE;
    }

    private int int32(String field) {
        need(field, 4);
        int v = (data[pos] & 0xFF) << 24
                | (data[pos + 1] & 0xFF) << 16
                | (data[pos + 2] & 0xFF) << 8
                | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** Unsigned LEB128 of at most 5 bytes, shortest form only, so every length has exactly one encoding. */
    private int varint(String field) {
        long v = 0;
        for (int i = 0; i < 5; i++) {
            need(field, 1);
            byte b = data[pos++];
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i > 0 && b == 0) {
                    throw malformed(field, "expected a shortest-form length, got a padded one");
                }
                if (v > Integer.MAX_VALUE) {
                    throw malformed(field, "expected a length below 2^31, got " + v);
                }
                return (int) v;
            }
        }
        throw malformed(field, "expected a length of at most 5 bytes, got a longer one");
    }

    private void need(String field, int n) {
        if (n > data.length - pos) {
            throw malformed(
                    field,
                    "expected " + n + " more bytes at offset " + pos + ", but the key has " + data.length + " bytes");
        }
    }

    private RecordDecodeException malformed(String field, String problem) {
        return new RecordDecodeException(
                "cannot decode " + what(type, topic) + ": field '" + field + "': " + problem, null);
    }
}
