package dev.tenantscope.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A test binder that reads one key with every getter of the grammar. */
record Sample(
        String name,
        String token,
        int count,
        double ratio,
        boolean enabled,
        Duration timeout,
        Duration isoTimeout,
        Duration cacheTtl,
        long buffer,
        double threshold,
        double fraction,
        double zeroShare,
        BigDecimal price,
        Mode mode,
        URI endpoint,
        List<String> tags,
        List<Item> items,
        Map<String, Double> limits) {

    enum Mode {
        PAYER,
        PER_ACCOUNT,
        OFF
    }

    record Item(String id, int weight) {}

    static Sample bind(ConfigNode n) {
        return new Sample(
                n.string("name", "default", "a name"),
                n.secret("token", "a secret"),
                n.integer("count", 3, 0, 10, "a count; 0 means none"),
                n.positiveNumber("ratio", 1.5, "a ratio"),
                n.bool("enabled", false, "a switch"),
                n.duration("timeout", Duration.ofSeconds(30), "a timeout"),
                n.duration("isoTimeout", Duration.ofMinutes(1), "another timeout"),
                n.durationOrZero("cacheTtl", Duration.ofSeconds(5), "0s: no cache"),
                n.size("buffer", 1L << 20, "a buffer"),
                n.percent("threshold", 0.5, "a threshold"),
                n.percent("fraction", 0.5, "a fraction"),
                n.percentOrZero("zeroShare", 0.1, "0%: none"),
                n.money("price", new BigDecimal("1.00"), "a price"),
                n.enumValue("mode", Mode.PAYER, Mode.class, "a mode"),
                n.uri("endpoint", null, "an endpoint"),
                n.stringList("tags", List.of("x"), "tags"),
                n.list("items", Sample::item, "[{id: first, weight: 1}]", "items"),
                n.map(
                        "limits",
                        Set.of("ListAccounts"),
                        (m, k) -> m.positiveNumber(k, 5.0, "requests per second"),
                        "per-operation limits"));
    }

    private static Item item(ConfigNode n) {
        String id = n.requiredString("id", "an item id", "the id");
        int weight = n.integer("weight", 1, 1, 100, "its weight");
        return id == null ? null : new Item(id, weight);
    }
}
