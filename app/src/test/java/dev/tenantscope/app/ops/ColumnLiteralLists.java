package dev.tenantscope.app.ops;

import dev.tenantscope.clickhouse.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds hand-copied column lists in Java source: a collection literal ({@code List.of(…)}, {@code Set.of(…)},
 * {@code Stream.of(…)}, {@code Arrays.asList(…)}, {@code new String[] {…}}) whose direct arguments are three or more
 * string literals, every one a column of the same catalogued table (two words are too often a choice of values,
 * such as {@code Set.of("day", "month")} for a granularity). Comments are ignored; string literals inside
 * nested calls ({@code List.of(f("a"), f("b"))}) are not direct arguments. A list that mixes in non-column words
 * (query parameters such as {@code Set.of("month", "from", "to")}) is not a column list.
 */
final class ColumnLiteralLists {
    private static final Pattern OPENER = Pattern.compile(
            "\\b(?:List|Set|Stream)\\s*\\.\\s*of\\s*\\(|\\bArrays\\s*\\.\\s*asList\\s*\\(|\\bnew\\s+String\\s*\\[\\s*]\\s*\\{");

    /** One hand-copied list: where it starts and the column names it repeats. */
    record Finding(int line, String table, List<String> columns) {
        @Override
        public String toString() {
            return "line " + line + ": " + columns + " (columns of " + table + ")";
        }
    }

    /** Fewer literals than this are not taken for a column list. */
    static final int MIN_COLUMNS = 3;

    private final List<Table> catalogue;

    ColumnLiteralLists(List<Table> catalogue) {
        this.catalogue = List.copyOf(catalogue);
    }

    List<Finding> find(String source) {
        Lexed lexed = Lexed.of(source);
        List<Finding> out = new ArrayList<>();
        Matcher m = OPENER.matcher(lexed.masked);
        while (m.find()) {
            List<String> literals = directLiterals(lexed, m.end() - 1);
            if (literals.size() < MIN_COLUMNS) {
                continue;
            }
            for (Table t : catalogue) {
                if (literals.stream().allMatch(t::has)) {
                    out.add(new Finding(lexed.line(m.start()), t.name(), literals));
                    break;
                }
            }
        }
        return out;
    }

    /** The string literals that are direct arguments of the bracket opened at {@code open}. */
    private static List<String> directLiterals(Lexed lexed, int open) {
        List<String> literals = new ArrayList<>();
        int depth = 0;
        for (int i = open; i < lexed.masked.length(); i++) {
            char c = lexed.masked.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                if (--depth == 0) {
                    break;
                }
            } else if (depth == 1 && lexed.literals.containsKey(i)) {
                literals.add(lexed.literals.get(i));
            }
        }
        return literals;
    }

    /** Source with comments and literal contents blanked (offsets and lines kept), and each string literal by start. */
    private record Lexed(String masked, Map<Integer, String> literals) {
        static Lexed of(String s) {
            StringBuilder masked = new StringBuilder(s.length());
            Map<Integer, String> literals = new HashMap<>();
            int i = 0;
            while (i < s.length()) {
                int end;
                if (s.startsWith("//", i)) {
                    end = indexOrEnd(s, "\n", i);
                } else if (s.startsWith("/*", i)) {
                    end = indexOrEnd(s, "*/", i + 2) + 2;
                } else if (s.startsWith("\"\"\"", i)) {
                    end = indexOrEnd(s, "\"\"\"", i + 3) + 3;
                } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                    end = closingQuote(s, i);
                    if (s.charAt(i) == '"') {
                        literals.put(i, s.substring(i + 1, Math.max(i + 1, end - 1)));
                    }
                } else {
                    masked.append(s.charAt(i++));
                    continue;
                }
                end = Math.min(end, s.length());
                for (int k = i; k < end; k++) {
                    masked.append(s.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            }
            return new Lexed(masked.toString(), literals);
        }

        int line(int offset) {
            int line = 1;
            for (int k = 0; k < offset; k++) {
                if (masked.charAt(k) == '\n') {
                    line++;
                }
            }
            return line;
        }

        private static int indexOrEnd(String s, String what, int from) {
            int at = s.indexOf(what, from);
            return at < 0 ? s.length() : at;
        }

        /** The offset after the quote closing the literal that opens at {@code open}, skipping escapes. */
        private static int closingQuote(String s, int open) {
            char q = s.charAt(open);
            int k = open + 1;
            while (k < s.length() && s.charAt(k) != q && s.charAt(k) != '\n') {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            return k + 1;
        }
    }
}
