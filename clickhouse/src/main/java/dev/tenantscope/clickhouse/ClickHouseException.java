package dev.tenantscope.clickhouse;

import dev.tenantscope.clickhouse.internal.ErrorText;

/**
 * An error reported by ClickHouse (either engine): its numeric code (e.g. 47), its name (e.g.
 * {@code UNKNOWN_IDENTIFIER}) and its message. Code 0 and name {@code UNKNOWN} when the text carried
 * none (e.g. a transport failure).
 */
public class ClickHouseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String name;
    private final String clickHouseMessage;

    public ClickHouseException(int code, String name, String clickHouseMessage, Throwable cause) {
        super(format(code, name, clickHouseMessage), cause);
        this.code = code;
        this.name = name;
        this.clickHouseMessage = clickHouseMessage;
    }

    /** Parses ClickHouse's error text ({@code "Code: 47. DB::Exception: … (UNKNOWN_IDENTIFIER) …"}). */
    public static ClickHouseException fromText(String text, Throwable cause) {
        ErrorText parsed = ErrorText.parse(text);
        return new ClickHouseException(parsed.code(), parsed.name(), parsed.message(), cause);
    }

    /** ClickHouse's numeric error code, 0 when unknown. */
    public int code() {
        return code;
    }

    /** ClickHouse's error name such as {@code UNKNOWN_TABLE}, or {@code UNKNOWN}. */
    public String name() {
        return name;
    }

    /** The engine's own message, without the code and name decoration. */
    public String clickHouseMessage() {
        return clickHouseMessage;
    }

    private static String format(int code, String name, String message) {
        return "ClickHouse error " + code + " (" + name + "): " + message;
    }
}
