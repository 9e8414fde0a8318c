package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Cost Explorer filter {@code Expression}: exactly one of {@code Dimensions} (LINKED_ACCOUNT, SERVICE,
 * RECORD_TYPE), {@code Tags} (the tenant tag), {@code And} / {@code Or} (two or more expressions) or {@code Not}.
 */
sealed interface CeFilter {
    /** What a line is matched on. */
    record Line(String account, String service, String recordType, String tenant) {}

    boolean test(Line line);

    /** Accounts the filter can match at all, or null when it does not restrict accounts (prunes the scan). */
    default Set<String> accounts() {
        return null;
    }

    CeFilter ALL = new All();

    record All() implements CeFilter {
        @Override
        public boolean test(Line line) {
            return true;
        }
    }

    record Values(String key, Set<String> values) implements CeFilter {
        @Override
        public boolean test(Line line) {
            String v = switch (key) {
                case "LINKED_ACCOUNT" -> line.account();
                case "SERVICE" -> line.service();
                case "RECORD_TYPE" -> line.recordType();
                default -> line.tenant();
            };
            return values.contains(v);
        }

        @Override
        public Set<String> accounts() {
            return key.equals("LINKED_ACCOUNT") ? values : null;
        }
    }

    record And(List<CeFilter> all) implements CeFilter {
        @Override
        public boolean test(Line line) {
            return all.stream().allMatch(f -> f.test(line));
        }

        @Override
        public Set<String> accounts() {
            Set<String> out = null;
            for (CeFilter f : all) {
                Set<String> a = f.accounts();
                if (a != null) {
                    out = out == null ? new HashSet<>(a) : out;
                    out.retainAll(a);
                }
            }
            return out;
        }
    }

    record Or(List<CeFilter> any) implements CeFilter {
        @Override
        public boolean test(Line line) {
            return any.stream().anyMatch(f -> f.test(line));
        }

        @Override
        public Set<String> accounts() {
            Set<String> out = new HashSet<>();
            for (CeFilter f : any) {
                Set<String> a = f.accounts();
                if (a == null) {
                    return null;
                }
                out.addAll(a);
            }
            return out;
        }
    }

    record Not(CeFilter inner) implements CeFilter {
        @Override
        public boolean test(Line line) {
            return !inner.test(line);
        }
    }

    static CeFilter parse(JsonNode f, String tenantTagKey) {
        if (f == null || f.isMissingNode() || f.isNull() || f.isEmpty()) {
            return ALL;
        }
        List<String> present = new ArrayList<>();
        f.fieldNames().forEachRemaining(present::add);
        present.removeIf(n -> f.get(n).isNull());
        if (present.size() != 1) {
            throw invalid("an Expression must have exactly one of And, Or, Not, Dimensions, Tags; got " + present);
        }
        String kind = present.get(0);
        JsonNode body = f.get(kind);
        return switch (kind) {
            case "Dimensions" -> {
                String key = body.path("Key").asText();
                if (!key.equals("LINKED_ACCOUNT") && !key.equals("SERVICE") && !key.equals("RECORD_TYPE")) {
                    throw invalid("Filter dimension " + key
                            + " is not supported by fleet-sim: use LINKED_ACCOUNT, SERVICE or RECORD_TYPE");
                }
                yield new Values(key, values(body, "Dimensions"));
            }
            case "Tags" -> {
                String key = body.path("Key").asText();
                if (!key.equals(tenantTagKey)) {
                    throw invalid("Filter tag " + key + " is not supported by fleet-sim: use " + tenantTagKey);
                }
                yield new Values("TAG", values(body, "Tags"));
            }
            case "And", "Or" -> {
                if (!body.isArray() || body.size() < 2) {
                    throw invalid(kind + " needs at least two expressions, got " + body.size());
                }
                List<CeFilter> parts = new ArrayList<>();
                body.forEach(e -> parts.add(parse(e, tenantTagKey)));
                yield kind.equals("And") ? new And(parts) : new Or(parts);
            }
            case "Not" -> new Not(parse(body, tenantTagKey));
            default ->
                throw invalid(
                        "Filter " + kind + " is not supported by fleet-sim: use Dimensions, Tags, And, " + "Or or Not");
        };
    }

    private static Set<String> values(JsonNode body, String kind) {
        Set<String> values = new HashSet<>();
        body.path("Values").forEach(v -> values.add(v.asText()));
        if (values.isEmpty()) {
            throw invalid("Filter " + kind + ".Values must not be empty");
        }
        JsonNode match = body.path("MatchOptions");
        for (JsonNode m : match) {
            if (!m.asText().equals("EQUALS")) {
                throw invalid("MatchOptions " + m.asText() + " is not supported by fleet-sim: use EQUALS");
            }
        }
        return values;
    }

    private static SimError invalid(String message) {
        return new SimError(400, "ValidationException", message);
    }
}
