package dev.tenantscope.config;

import dev.tenantscope.config.Entry.Items;
import dev.tenantscope.config.Entry.Nested;
import dev.tenantscope.config.Entry.Scalar;
import dev.tenantscope.config.Entry.Unset;
import dev.tenantscope.config.Entry.Value;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prints a bound tree as block YAML with each key's doc as a comment above it. Absent optional keys and derived
 * values print commented out, so the output reads back to the same configuration.
 */
final class YamlEmitter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/$.][A-Za-z0-9_ $/.@%=+*()<>~:-]*");
    private static final Set<String> RESERVED =
            Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", ".nan");
    private static final String STEP = "  ";

    private final StringBuilder out = new StringBuilder();

    String emit(ConfigNode root, String header) {
        if (header != null && !header.isEmpty()) {
            for (String line : header.split("\n")) {
                out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
            }
            out.append('\n');
        }
        boolean first = true;
        for (Entry e : root.entries()) {
            if (!first && e.value() instanceof Nested) {
                out.append('\n'); // a blank line between top-level sections
            }
            entry(e, "", true);
            first = false;
        }
        return out.toString();
    }

    /** One entry at {@code indent}; docs only where {@code docs} (the first element of a list carries them). */
    private void entry(Entry e, String indent, boolean docs) {
        if (docs && e.doc() != null && !e.doc().isEmpty()) {
            out.append(indent).append("# ").append(e.doc()).append('\n');
        }
        String key = e.key().contains(":") ? quoted(e.key()) : quote(e.key());
        switch (e.value()) {
            case Scalar s ->
                out.append(indent).append(key).append(": ").append(scalar(s)).append('\n');
            case Unset u ->
                out.append(indent)
                        .append("# ")
                        .append(key)
                        .append(':')
                        .append(u.derived() == null ? "" : " " + quote(u.derived()))
                        .append(u.note() == null ? "" : "   (" + u.note() + ")")
                        .append('\n');
            case Nested n -> nested(key, n.node(), indent, docs);
            case Items items -> items(key, items.items(), indent, docs);
        }
    }

    private void nested(String key, ConfigNode node, String indent, boolean docs) {
        if (node.entries().isEmpty()) {
            out.append(indent).append(key).append(": {}\n");
            return;
        }
        out.append(indent).append(key).append(":\n");
        boolean childDocs = docs;
        for (Entry child : node.entries()) {
            entry(child, indent + STEP, childDocs);
            childDocs = childDocs && !node.isOpenMap(); // map entries share their doc: print it once
        }
    }

    private void items(String key, List<Value> items, String indent, boolean docs) {
        if (items.isEmpty()) {
            out.append(indent).append(key).append(": []\n");
            return;
        }
        if (items.getFirst() instanceof Scalar) {
            StringBuilder flow = new StringBuilder();
            for (Value v : items) {
                Scalar item = (Scalar) v;
                // a colon inside a flow sequence can read as a mapping: quote it there
                flow.append(flow.isEmpty() ? "" : ", ")
                        .append(item.text().contains(":") ? quoted(item.text()) : scalar(item));
            }
            out.append(indent).append(key).append(": [").append(flow).append("]\n");
            return;
        }
        out.append(indent).append(key).append(":\n");
        boolean firstItem = true;
        for (Value v : items) {
            element(((Nested) v).node(), indent + STEP, docs && firstItem);
            firstItem = false;
        }
    }

    /** One list element: its first printed key carries the {@code - }, the rest align under it. */
    private void element(ConfigNode node, String indent, boolean docs) {
        boolean dashed = false;
        for (Entry child : node.entries()) {
            boolean commented = child.value() instanceof Unset;
            if (dashed || commented) {
                entry(child, indent + STEP, docs);
                continue;
            }
            if (docs && child.doc() != null && !child.doc().isEmpty()) {
                out.append(indent).append("# ").append(child.doc()).append('\n');
            }
            int mark = out.length();
            entry(new Entry(child.key(), null, child.value()), indent + STEP, false);
            out.replace(mark, mark + indent.length() + STEP.length(), indent + "- ");
            dashed = true;
        }
        if (!dashed) {
            out.append(indent).append("- {}\n");
        }
    }

    private static String scalar(Scalar s) {
        boolean bool = s.text().equals("true") || s.text().equals("false");
        return s.token() && (bool || !RESERVED.contains(s.text().toLowerCase(Locale.ROOT)))
                ? s.text()
                : quote(s.text());
    }

    /** Plain when YAML reads it back as the same string, else double-quoted. */
    static String quote(String text) {
        boolean plain = PLAIN.matcher(text).matches()
                && !text.endsWith(" ")
                && !text.endsWith(":")
                && !text.contains(": ")
                && !RESERVED.contains(text.toLowerCase(Locale.ROOT));
        return plain ? text : quoted(text);
    }

    private static String quoted(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
