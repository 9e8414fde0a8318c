package dev.tenantscope.clickhouse.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements: a statement ends at a line whose last non-blank character
 * is {@code ;}. Chunks holding only comments and blank lines are dropped (the engine rejects them).
 */
public final class SqlScript {
    private SqlScript() {}

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.replace("\r\n", "\n").split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                add(statements, current);
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!onlyComments(text)) {
            statements.add(text);
        }
    }

    private static boolean onlyComments(String text) {
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("--")) {
                return false;
            }
        }
        return true;
    }
}
