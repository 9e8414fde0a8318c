package dev.tenantscope.config;

import java.util.List;
import java.util.Objects;

/**
 * One thing wrong with a configuration file: where (the full key path, e.g. {@code collector.metrics.alert[2].period})
 * and what, in a message that names the bad value and the expected form.
 *
 * @param path full key path; {@code (file)} for a problem with the file itself
 * @param message what is wrong and what would be right
 */
public record Problem(String path, String message) {
    private static final int MAX_VALUE = 60;

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** A value that does not parse or is out of range. */
    public static Problem bad(String path, Object value, String expected) {
        return new Problem(path, "expected " + expected + ", got '" + abbreviate(value) + "'");
    }

    /** A key no binder reads: a typo, or a key from another section. */
    public static Problem unknown(String path, List<String> known) {
        return new Problem(
                path,
                known.isEmpty()
                        ? "unknown key; this section takes no keys"
                        : "unknown key (check the spelling); expected one of " + known);
    }

    /** A required key that is absent. */
    public static Problem missing(String path, String expected) {
        return new Problem(path, "missing required key; expected " + expected);
    }

    /** A key whose concept has one home elsewhere now. */
    public static Problem moved(String path, String home) {
        return new Problem(path, "moved to " + home + " (one home for every role); set it there");
    }

    static String abbreviate(Object value) {
        String s = String.valueOf(value).strip().replace('\n', ' ');
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 1) + "…";
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
