package dev.tenantscope.clickhouse.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ClickHouse's error text split into code, name and message. */
public record ErrorText(int code, String name, String message) {
    private static final Pattern CODE = Pattern.compile("Code:\\s*(\\d+)\\.?\\s*");
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:DB::Exception|Exception):\\s*");
    // the name is an "(ALL_CAPS)" group ending a line, maybe followed by "(version …)"; messages can span
    // lines ("(at row 2)\n: While executing …. (CANNOT_PARSE_…) (version …)") and carry stack traces
    private static final Pattern NAME = Pattern.compile(
            "\\s*\\(([A-Z][A-Z0-9_]{2,})\\)(?:\\s*\\(version [^)\\n]*\\))?\\.?[ \\t]*$", Pattern.MULTILINE);

    public static ErrorText parse(String text) {
        String rest = text == null ? "" : text.strip();
        int code = 0;
        Matcher codeMatcher = CODE.matcher(rest);
        if (codeMatcher.find()) {
            code = Integer.parseInt(codeMatcher.group(1));
            rest = rest.substring(codeMatcher.end());
        }
        rest = EXCEPTION_PREFIX.matcher(rest).replaceFirst("");
        String name = "UNKNOWN";
        Matcher nameMatcher = NAME.matcher(rest);
        if (nameMatcher.find()) {
            name = nameMatcher.group(1);
            rest = rest.substring(0, nameMatcher.start()) + rest.substring(nameMatcher.end());
        }
        return new ErrorText(code, name, rest.strip());
    }
}
