package dev.tenantscope.config;

import java.util.List;

/** A configuration that cannot run. Carries every problem of every section, each with its key path. */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final List<Problem> problems;

    public ConfigException(String source, List<Problem> problems) {
        super("invalid configuration " + source + " (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  - "
                + String.join("\n  - ", problems.stream().map(Problem::toString).toList()));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or {@code (defaults)}) the problems were found in. */
    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Every problem as one line {@code path: message}. */
    public List<String> messages() {
        return problems.stream().map(Problem::toString).toList();
    }
}
