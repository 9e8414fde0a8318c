package dev.tenantscope.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One YAML configuration read once: its {@link #root()} node is handed to the binders of every section, then
 * {@link #requireValid()} throws one {@link ConfigException} with every problem of the whole file (bad values,
 * missing keys, and keys no binder read). After binding, {@link #toYaml} prints the effective configuration.
 */
public final class ConfigTree {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final String source;
    private final ObjectNode tree;
    private final Binding binding;
    private ConfigNode root;

    private ConfigTree(String source, ObjectNode tree, Environment env) {
        this.source = source;
        this.tree = tree;
        this.binding = new Binding(env);
    }

    /** Reads a file; a file that is missing or not YAML fails at once (nothing can be bound from it). */
    public static ConfigTree read(Path file, Environment env) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    file.toString(), List.of(new Problem("(file)", "expected a readable YAML file, found none")));
        }
        try {
            return parse(Files.readString(file), file.toString(), env);
        } catch (IOException e) {
            throw new ConfigException(
                    file.toString(), List.of(new Problem("(file)", "cannot read it: " + e.getMessage())));
        }
    }

    /** Parses YAML text; {@code source} names it in messages. */
    public static ConfigTree parse(String yaml, String source, Environment env) {
        JsonNode parsed;
        try {
            parsed = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    source, List.of(new Problem("(file)", "not valid YAML: " + e.getOriginalMessage() + where(e))));
        }
        if (parsed == null || parsed.isMissingNode() || parsed.isNull()) {
            parsed = JsonNodeFactory.instance.objectNode();
        }
        if (!parsed.isObject()) {
            throw new ConfigException(
                    source,
                    List.of(Problem.bad("(file)", parsed.getNodeType(), "a mapping of sections at the top level")));
        }
        return new ConfigTree(source, (ObjectNode) parsed, env);
    }

    /** No file: every key takes its default. */
    public static ConfigTree empty(Environment env) {
        return new ConfigTree("(defaults)", JsonNodeFactory.instance.objectNode(), env);
    }

    /**
     * Sets one value over the file before binding (a command-line option), e.g. {@code kafka.bootstrapServers}; it
     * is validated like any value of the file.
     */
    public ConfigTree override(String dottedPath, String value) {
        if (root != null) {
            throw new IllegalStateException("override before binding: " + dottedPath);
        }
        String[] keys = dottedPath.split("\\.");
        ObjectNode at = tree;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode next = at.get(keys[i]);
            if (next == null || next.isNull()) {
                next = at.putObject(keys[i]);
            }
            if (!next.isObject()) {
                return this; // the binder reports the section that is not a mapping
            }
            at = (ObjectNode) next;
        }
        at.put(keys[keys.length - 1], value);
        return this;
    }

    /** The root node, the same one on every call: bind each section from it once. */
    public ConfigNode root() {
        if (root == null) {
            root = new ConfigNode(binding, "", tree);
        }
        return root;
    }

    public String source() {
        return source;
    }

    /** Every problem so far, including keys present in the file that no binder read. */
    public List<Problem> problems() {
        return binding.all();
    }

    /** Throws one {@link ConfigException} naming the file and every problem, if there is any. */
    public void requireValid() {
        List<Problem> all = problems();
        if (!all.isEmpty()) {
            throw new ConfigException(source, all);
        }
    }

    /** The effective configuration as commented YAML that reads back to the same configuration. */
    public String toYaml(String header) {
        return new YamlEmitter().emit(root(), header);
    }

    static JsonNode parseDefault(String yaml, String path) {
        try {
            JsonNode n = YAML.readTree(yaml);
            if (n == null || !n.isArray()) {
                throw new IllegalStateException("default of " + path + " is not a YAML list: " + yaml);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("default of " + path + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
