package dev.tenantscope.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantscope.config.Entry.Items;
import dev.tenantscope.config.Entry.Nested;
import dev.tenantscope.config.Entry.Scalar;
import dev.tenantscope.config.Entry.Unset;
import dev.tenantscope.config.Entry.Value;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A position in the YAML tree (a section, a list element or an open map) with its full path. Binders read keys
 * through the typed getters: each takes the key, the default and a one-line doc; a bad value records a
 * {@link Problem} and returns the default, so binding carries on and every problem of the file is found in one run.
 * Every getter records the effective value in canonical text, so the bound tree prints back as YAML
 * ({@link ConfigTree#toYaml}). A key present in the file that no getter read is reported as unknown.
 */
public final class ConfigNode {
    private final Binding binding;
    private final String path;
    private final JsonNode node;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, ConfigNode> sections = new HashMap<>();
    private final Set<String> read = new HashSet<>();
    private boolean openMap;

    ConfigNode(Binding binding, String path, JsonNode node) {
        this.binding = binding;
        this.path = path;
        this.node = node != null && node.isObject() ? node : null;
        binding.nodes.add(this);
    }

    /** The full path of this node ({@code collector.metrics.alert[2]}); empty at the root. */
    public String path() {
        return path;
    }

    /** The full path of one of this node's keys. */
    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public Environment env() {
        return binding.env;
    }

    /** True when the file sets this key (to anything but null). */
    public boolean has(String key) {
        return node != null && node.hasNonNull(key);
    }

    /** The keys the file sets here, in file order. */
    public List<String> presentKeys() {
        List<String> keys = new ArrayList<>();
        if (node != null) {
            node.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    // ---- sections, lists, maps

    /** A child section; absent or null means every key takes its default. */
    public ConfigNode section(String key, String doc) {
        ConfigNode s = sections.get(key);
        if (s != null) {
            return s;
        }
        JsonNode raw = take(key);
        if (raw != null && !raw.isObject()) {
            problem(key, describe(raw), "a mapping of keys");
            raw = null;
        }
        s = new ConfigNode(binding, path(key), raw);
        sections.put(key, s);
        record(key, doc, new Nested(s));
        return s;
    }

    /**
     * A list of sections, each bound by {@code element}; when absent, {@code defaultYaml} (a YAML list) is bound
     * through the same binder, so defaults obey the grammar they document. A null element result is dropped.
     */
    public <T> List<T> list(String key, Function<ConfigNode, T> element, String defaultYaml, String doc) {
        JsonNode raw = take(key);
        if (raw != null && !raw.isArray()) {
            problem(key, describe(raw), "a list of mappings");
            raw = null;
        }
        JsonNode items = raw != null ? raw : ConfigTree.parseDefault(defaultYaml, path(key));
        List<T> out = new ArrayList<>();
        List<Value> printed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = path(key) + "[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                binding.add(Problem.bad(at, describe(item), "a mapping of keys"));
                continue;
            }
            ConfigNode child = new ConfigNode(binding, at, item);
            T v = element.apply(child);
            if (v != null) {
                out.add(v);
            }
            printed.add(new Nested(child));
        }
        record(key, doc, new Items(printed));
        return out;
    }

    /**
     * An open map: every entry key is known, the value bound by {@code entry} (given the map node and the key, it
     * reads that key with any getter). Keys of {@code defaultKeys} are bound too, so their defaults print; a null
     * entry result is dropped.
     */
    public <T> Map<String, T> map(
            String key, Collection<String> defaultKeys, BiFunction<ConfigNode, String, T> entry, String doc) {
        ConfigNode m = section(key, doc);
        m.openMap = true;
        Set<String> keys = new LinkedHashSet<>(defaultKeys);
        keys.addAll(m.presentKeys());
        Map<String, T> out = new LinkedHashMap<>();
        for (String k : keys) {
            T v = entry.apply(m, k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    // ---- scalars

    /** A non-blank string. */
    public String string(String key, String dflt, String doc) {
        return scalar(key, dflt, doc, "a non-blank string", ConfigNode::nonBlank, s -> s, false);
    }

    /**
     * A non-blank string; when absent, the environment variable's value if set (printed commented out, as it is
     * this machine's), else {@code dflt}.
     */
    public String stringOrEnv(String key, String variable, String dflt, String doc) {
        String fromEnv = env().get(variable);
        if (has(key) || fromEnv == null) {
            return string(key, dflt, doc);
        }
        optionalString(key, doc);
        derived(key, fromEnv, "from $" + variable);
        return fromEnv;
    }

    /** A non-blank string, or null when absent (printed commented out). */
    public String optionalString(String key, String doc) {
        return string(key, null, doc);
    }

    /** A non-blank string that must be present; null (and a problem) when absent. */
    public String requiredString(String key, String expected, String doc) {
        if (!has(key)) {
            take(key);
            binding.add(Problem.missing(path(key), expected));
            record(key, doc, new Unset(null, "required"));
            return null;
        }
        return string(key, null, doc);
    }

    /** A string never printed: the effective configuration shows {@code ****}. Null when absent. */
    public String secret(String key, String doc) {
        JsonNode raw = take(key);
        String v = null;
        if (raw != null && (!raw.isValueNode() || raw.asText().isBlank())) {
            problem(key, raw.isValueNode() ? "" : describe(raw), "a non-blank string");
        } else if (raw != null) {
            v = raw.asText().strip();
        }
        record(key, doc, v == null ? new Unset(null, null) : new Scalar("****", false));
        return v;
    }

    public int integer(String key, int dflt, int min, int max, String doc) {
        String expected = "a whole number in [" + min + ", " + max + "]";
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> (int) accepted(Grammar.integer(t), v -> v >= min && v <= max, expected)
                        .longValue(),
                String::valueOf,
                true);
    }

    /** A number in [min, max]. */
    public double number(String key, double dflt, double min, double max, String doc) {
        String expected = "a number in [" + Grammar.numberText(min) + ", " + Grammar.numberText(max) + "] such as "
                + Grammar.numberText(dflt);
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> accepted(Grammar.number(t), v -> v >= min && v <= max, expected),
                Grammar::numberText,
                true);
    }

    /** A number above zero. */
    public double positiveNumber(String key, double dflt, String doc) {
        String expected = "a number above 0 such as " + Grammar.numberText(dflt);
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> accepted(Grammar.number(t), v -> v > 0, expected),
                Grammar::numberText,
                true);
    }

    public boolean bool(String key, boolean dflt, String doc) {
        return scalar(key, dflt, doc, "true or false", Grammar::bool, String::valueOf, true);
    }

    /** A duration above zero. */
    public Duration duration(String key, Duration dflt, String doc) {
        return duration(key, dflt, Duration.ofMillis(1), null, doc);
    }

    /** A duration of zero or more, for keys where zero means something (say what in the doc). */
    public Duration durationOrZero(String key, Duration dflt, String doc) {
        return duration(key, dflt, Duration.ZERO, null, doc);
    }

    /** A duration in [min, max] (max null: unbounded). */
    public Duration duration(String key, Duration dflt, Duration min, Duration max, String doc) {
        String range = max != null
                ? " between " + Grammar.durationText(min) + " and " + Grammar.durationText(max)
                : min.isZero()
                        ? " of 0s or more"
                        : min.equals(Duration.ofMillis(1)) ? " above 0" : " of at least " + Grammar.durationText(min);
        String expected = Grammar.DURATION_FORM + range;
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> accepted(
                        Grammar.duration(t),
                        d -> d.compareTo(min) >= 0 && (max == null || d.compareTo(max) <= 0),
                        expected),
                Grammar::durationText,
                true);
    }

    /** A size in bytes, above zero. */
    public long size(String key, long dflt, String doc) {
        String expected = Grammar.SIZE_FORM + " above 0";
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> accepted(Grammar.size(t), v -> v > 0, expected),
                Grammar::sizeText,
                true);
    }

    /** A share in (0 %, 100 %] as a fraction: {@code 80%} and {@code 0.8} are both 0.8. */
    public double percent(String key, double dflt, String doc) {
        String expected = Grammar.PERCENT_FORM + " above 0% and at most 100%";
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> accepted(Grammar.percent(t), v -> v > 0 && v <= 1, expected),
                Grammar::percentText,
                true);
    }

    /** A share in [0 %, 100 %], for keys where 0 % means something. */
    public double percentOrZero(String key, double dflt, String doc) {
        String expected = Grammar.PERCENT_FORM + " from 0% to 100%";
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> accepted(Grammar.percent(t), v -> v >= 0 && v <= 1, expected),
                Grammar::percentText,
                true);
    }

    /** An amount of USD, zero or more. */
    public BigDecimal money(String key, BigDecimal dflt, String doc) {
        String expected = Grammar.MONEY_FORM + ", 0 or more";
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> accepted(Grammar.money(t), v -> v.signum() >= 0, expected),
                Grammar::moneyText,
                true);
    }

    /** One of an enum's constants, case-insensitive, {@code -} and {@code _} alike. */
    public <E extends Enum<E>> E enumValue(String key, E dflt, Class<E> type, String doc) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(enumText(e));
        }
        String expected = "one of " + names;
        return scalar(
                key,
                dflt,
                doc,
                expected,
                t -> {
                    String norm = t.toUpperCase(Locale.ROOT).replace('-', '_');
                    // YAML 1.1 reads a bare off/on as a boolean
                    norm = norm.equals("FALSE") ? "OFF" : norm.equals("TRUE") ? "ON" : norm;
                    for (E e : type.getEnumConstants()) {
                        if (e.name().equals(norm)) {
                            return e;
                        }
                    }
                    throw new IllegalArgumentException(expected);
                },
                ConfigNode::enumText,
                true);
    }

    /** An http(s) URL with a host; {@code dflt} may be null (absent: printed commented out). */
    public URI uri(String key, URI dflt, String doc) {
        return scalar(
                key, dflt, doc, "an http(s) URL such as http://127.0.0.1:4566", Grammar::httpUrl, URI::toString, false);
    }

    /** A list of non-blank strings; a single string is a list of one. */
    public List<String> stringList(String key, List<String> dflt, String doc) {
        return stringList(key, dflt, s -> true, "a non-blank string", doc);
    }

    /** A list of strings each accepted by {@code valid} (else a problem at {@code key[i]} naming {@code expected}). */
    public List<String> stringList(
            String key, List<String> dflt, Predicate<String> valid, String expected, String doc) {
        return stringList(key, dflt, valid, expected, false, doc);
    }

    /** As {@link #stringList(String, List, Predicate, String, String)}, refusing an empty list. */
    public List<String> nonEmptyStringList(
            String key, List<String> dflt, Predicate<String> valid, String expected, String doc) {
        return stringList(key, dflt, valid, expected, true, doc);
    }

    private List<String> stringList(
            String key, List<String> dflt, Predicate<String> valid, String expected, boolean nonEmpty, String doc) {
        JsonNode raw = take(key);
        if (nonEmpty && raw != null && raw.isArray() && raw.isEmpty()) {
            problem(key, "[]", "at least one: " + expected);
            raw = null;
        }
        List<String> out = new ArrayList<>();
        if (raw == null || raw.isObject()) {
            if (raw != null) {
                problem(key, describe(raw), "a list of strings such as " + listText(dflt));
            }
            out.addAll(dflt);
        } else {
            List<JsonNode> items = new ArrayList<>();
            if (raw.isArray()) {
                raw.forEach(items::add);
            } else {
                items.add(raw);
            }
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String text = item.isValueNode() ? item.asText().strip() : describe(item);
                if (!item.isValueNode() || text.isEmpty() || !valid.test(text)) {
                    binding.add(Problem.bad(path(key) + "[" + i + "]", text, expected));
                } else {
                    out.add(text);
                }
            }
        }
        record(
                key,
                doc,
                new Items(out.stream().<Value>map(s -> new Scalar(s, false)).toList()));
        return List.copyOf(out);
    }

    // ---- problems and notes

    /** A cross-field problem at one of this node's keys. */
    public void problem(String key, Object value, String expected) {
        read.add(key);
        binding.add(Problem.bad(path(key), value, expected));
    }

    /** A problem with this node as a whole (e.g. a record's invariant). */
    public void problem(String message) {
        binding.add(new Problem(path.isEmpty() ? "(root)" : path, message));
    }

    /** A key whose concept moved elsewhere: reported when present, so old files say where it went. */
    public void moved(String key, String home) {
        read.add(key);
        if (node != null && node.has(key)) {
            binding.add(Problem.moved(path(key), home));
        }
    }

    /** An absent key whose value was derived (environment, URL, simulator placeholders): printed commented. */
    public void derived(String key, String value, String note) {
        Entry e = entries.get(key);
        if (e != null && e.value() instanceof Unset) {
            entries.put(key, new Entry(key, e.doc(), new Unset(value, note)));
        }
    }

    /** Builds a record, turning its invariant's {@link IllegalArgumentException} into a problem at this node. */
    public <T> T construct(Supplier<T> build, Supplier<T> fallback) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return fallback.get();
        }
    }

    // ---- internals

    Collection<Entry> entries() {
        return entries.values();
    }

    /** An open map: its entries share one doc, printed on the first only. */
    boolean isOpenMap() {
        return openMap;
    }

    List<Problem> unknownKeys() {
        List<Problem> out = new ArrayList<>();
        for (String k : presentKeys()) {
            if (!read.contains(k)) {
                out.add(Problem.unknown(path(k), List.copyOf(entries.keySet())));
            }
        }
        return out;
    }

    /** {@code value} when {@code ok}, else the parse fails with {@code expected} (reported as the key's problem). */
    private static <T> T accepted(T value, Predicate<T> ok, String expected) {
        if (!ok.test(value)) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }

    private <T> T scalar(
            String key,
            T dflt,
            String doc,
            String expected,
            Function<String, T> parse,
            Function<T, String> text,
            boolean token) {
        JsonNode raw = take(key);
        if (raw != null) {
            if (!raw.isValueNode()) {
                problem(key, describe(raw), expected);
            } else {
                String t = raw.asText().strip();
                try {
                    T v = parse.apply(t);
                    record(key, doc, new Scalar(text.apply(v), token));
                    return v;
                } catch (Grammar.Hint h) {
                    problem(key, t, h.getMessage());
                } catch (IllegalArgumentException e) {
                    problem(key, t, expected);
                }
            }
        }
        record(key, doc, dflt == null ? new Unset(null, null) : new Scalar(text.apply(dflt), token));
        return dflt;
    }

    private JsonNode take(String key) {
        read.add(key);
        JsonNode v = node == null ? null : node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private void record(String key, String doc, Value value) {
        entries.put(key, new Entry(key, doc, value));
    }

    private static String nonBlank(String t) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException("a non-blank string");
        }
        return t;
    }

    static String enumText(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String listText(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    private static String describe(JsonNode raw) {
        return raw.isArray() ? "a list" : raw.isObject() ? "a mapping" : raw.asText();
    }
}
