package dev.tenantscope.config;

import java.util.List;

/**
 * The effective value of one key as bound, with its doc: what {@link YamlEmitter} prints back.
 *
 * @param doc one line shown as a comment above the key
 */
record Entry(String key, String doc, Value value) {

    sealed interface Value permits Scalar, Unset, Nested, Items {}

    /**
     * @param text canonical text ({@code 15m}, {@code 80%}, {@code ****} for secrets)
     * @param token true when the text is our own canonical form (never needs quoting); false for free text
     */
    record Scalar(String text, boolean token) implements Value {}

    /** No value (an optional key left out), or one derived from elsewhere: printed commented out. */
    record Unset(String derived, String note) implements Value {}

    /** A section or an open map. */
    record Nested(ConfigNode node) implements Value {}

    /** A list of scalars or of sections. */
    record Items(List<Value> items) implements Value {}
}
