package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** YAML → validated {@link QueryApiConfig}, collecting every error (key, value, expected form) first. */
public final class ConfigReader {
    private static final Set<String> KEYS = Set.of(
            "tokens",
            "staleAfter",
            "newAccountDays",
            "quotaThreshold",
            "forecastHorizon",
            "recentAlertDays",
            "maxRangeDays",
            "maxExportMonths",
            "maxPageSize",
            "tenantGaugeTopN",
            "gaugeRefresh",
            "fleetHealthCacheTtl");

    private final List<String> errors = new ArrayList<>();

    private ConfigReader() {}

    public static QueryApiConfig read(Path file, QueryApiConfig defaults) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read query-api config " + file + ": " + e.getMessage(), e);
        }
        return new ConfigReader()
                .parse(
                        root == null ? com.fasterxml.jackson.databind.node.NullNode.instance : root,
                        defaults,
                        file.toString());
    }

    /** Parses an already-read tree (the launcher may embed this section in a larger file). */
    public static QueryApiConfig parse(JsonNode root, QueryApiConfig defaults) {
        return new ConfigReader().parse(root, defaults, "config");
    }

    private QueryApiConfig parse(JsonNode root, QueryApiConfig d, String where) {
        if (!root.isObject() && !root.isNull() && !root.isMissingNode()) {
            throw new IllegalArgumentException(where + ": expected a mapping of query-api settings");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                errors.add(key + ": unknown key; expected one of "
                        + KEYS.stream().sorted().toList());
            }
        }
        List<ApiToken> tokens = tokens(root.path("tokens"));
        Duration staleAfter = duration(root, "staleAfter", d.staleAfter());
        int newAccountDays = integer(root, "newAccountDays", d.newAccountDays());
        double quotaThreshold = decimal(root, "quotaThreshold", d.quotaThreshold());
        Duration horizon = duration(root, "forecastHorizon", d.forecastHorizon());
        int recentAlertDays = integer(root, "recentAlertDays", d.recentAlertDays());
        int maxRangeDays = integer(root, "maxRangeDays", d.maxRangeDays());
        int maxExportMonths = integer(root, "maxExportMonths", d.maxExportMonths());
        int maxPageSize = integer(root, "maxPageSize", d.maxPageSize());
        int topN = integer(root, "tenantGaugeTopN", d.tenantGaugeTopN());
        Duration refresh = duration(root, "gaugeRefresh", d.gaugeRefresh());
        Duration fleetTtl = duration(root, "fleetHealthCacheTtl", d.fleetHealthCacheTtl());
        if (errors.isEmpty()) {
            try {
                return new QueryApiConfig(
                        tokens,
                        staleAfter,
                        newAccountDays,
                        quotaThreshold,
                        horizon,
                        recentAlertDays,
                        maxRangeDays,
                        maxExportMonths,
                        maxPageSize,
                        topN,
                        refresh,
                        fleetTtl,
                        d.clock());
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        throw new IllegalArgumentException(
                where + ": " + errors.size() + " error(s) in query-api config:\n  - " + String.join("\n  - ", errors));
    }

    private List<ApiToken> tokens(JsonNode node) {
        List<ApiToken> tokens = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return tokens;
        }
        if (!node.isArray()) {
            errors.add("tokens: expected a list of {name, sha256, role, tenant}");
            return tokens;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String key = "tokens[" + i + "]";
            String roleText = t.path("role").asText("");
            Role role;
            try {
                role = Role.valueOf(roleText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(key + ".role: expected admin, finance or tenant, got '" + roleText + "'");
                continue;
            }
            String tenant = t.hasNonNull("tenant") ? t.get("tenant").asText() : null;
            try {
                tokens.add(
                        new ApiToken(t.path("name").asText(""), t.path("sha256").asText(""), role, tenant));
            } catch (IllegalArgumentException e) {
                errors.add(key + ": " + e.getMessage());
            }
        }
        return tokens;
    }

    private int integer(JsonNode root, String key, int fallback) {
        JsonNode v = root.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            errors.add(key + ": expected a whole number, got '" + v.asText() + "'");
            return fallback;
        }
        return v.intValue();
    }

    private double decimal(JsonNode root, String key, double fallback) {
        JsonNode v = root.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            errors.add(key + ": expected a number, got '" + v.asText() + "'");
            return fallback;
        }
        return v.doubleValue();
    }

    private Duration duration(JsonNode root, String key, Duration fallback) {
        JsonNode v = root.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Duration.parse(v.asText());
        } catch (DateTimeParseException e) {
            errors.add(key + ": expected an ISO-8601 duration such as PT15M or P14D, got '" + v.asText() + "'");
            return fallback;
        }
    }
}
