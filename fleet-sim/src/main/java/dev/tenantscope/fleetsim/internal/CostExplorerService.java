package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.model.events.CostBasis;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cost Explorer GetCostAndUsage and GetDimensionValues over {@link Billing}'s lines: the payer sees every member
 * account and itself, a member account only itself. Several metrics in one call, each its own cost basis. Pages
 * hold at most {@link #GROUPS_PER_PAGE} groups when the grouping includes LINKED_ACCOUNT; the token is the
 * position (period, account, group of the account). Data starts on the first day of the month 13 months before
 * the current one, like Cost Explorer's default history.
 */
final class CostExplorerService {
    static final int GROUPS_PER_PAGE = 2_000;
    static final int HISTORY_MONTHS = 13;

    private final Sim sim;

    CostExplorerService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        return switch (c.operation()) {
            case "GetCostAndUsage" -> getCostAndUsage(c);
            case "GetDimensionValues" -> getDimensionValues(c);
            default -> throw new SimError(400, "UnknownOperationException", "Unknown operation " + c.operation());
        };
    }

    private static SimError invalid(String message) {
        return new SimError(400, "ValidationException", message);
    }

    private static LocalDate date(JsonNode period, String field) {
        String text = period.path(field).asText("");
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("TimePeriod." + field + ": expected a date like 2026-11-01 (yyyy-MM-dd), got '" + text + "'");
        }
    }

    /** [start, end) of the request, refused when it starts before the history Cost Explorer keeps. */
    private static LocalDate[] period(Call c) {
        JsonNode period = c.input().path("TimePeriod");
        LocalDate start = date(period, "Start");
        LocalDate end = date(period, "End");
        if (!start.isBefore(end)) {
            throw invalid("Start date (" + start + ") must be before end date (" + end + ")");
        }
        LocalDate earliest = CostModel.day(c.now()).withDayOfMonth(1).minusMonths(HISTORY_MONTHS);
        if (start.isBefore(earliest)) {
            throw invalid("Start date " + start + " is too old: Cost Explorer keeps " + HISTORY_MONTHS
                    + " months of history plus the current month, so the earliest start is " + earliest
                    + " (longer history needs multi-year data, which fleet-sim does not serve)");
        }
        return new LocalDate[] {start, end};
    }

    private record Metric(String name, int basis) {}

    private static List<Metric> metrics(Call c) {
        List<Metric> metrics = new ArrayList<>();
        for (JsonNode m : c.input().path("Metrics")) {
            CostBasis basis = Arrays.stream(CostBasis.values())
                    .filter(b -> b.metric().equals(m.asText()))
                    .findFirst()
                    .orElseThrow(() -> invalid("Metrics: unsupported metric '" + m.asText() + "', expected one of "
                            + Arrays.stream(CostBasis.values())
                                    .map(CostBasis::metric)
                                    .toList()));
            metrics.add(new Metric(m.asText(), basis.ordinal()));
        }
        if (metrics.isEmpty()) {
            throw invalid("Metrics is required, e.g. [\"UnblendedCost\"]");
        }
        return metrics;
    }

    private List<String> groupKeys(JsonNode groupBy) {
        if (groupBy.size() > 2) {
            throw invalid("You can only group by up to two dimensions; got " + groupBy.size());
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode g : groupBy) {
            String type = g.path("Type").asText();
            String key = g.path("Key").asText();
            boolean dimension = type.equals("DIMENSION")
                    && (key.equals("LINKED_ACCOUNT") || key.equals("SERVICE") || key.equals("RECORD_TYPE"));
            if (!dimension && !(type.equals("TAG") && key.equals(sim.spec.tenantTagKey()))) {
                throw invalid("GroupBy " + type + "/" + key + " is not supported by fleet-sim: use DIMENSION "
                        + "LINKED_ACCOUNT, SERVICE or RECORD_TYPE, or TAG " + sim.spec.tenantTagKey());
            }
            keys.add(type.equals("TAG") ? "TAG" : key);
        }
        return keys;
    }

    /** One account's lines over a period, summed by (service, record type), in first-seen order. */
    private record AccountLines(Map<List<String>, long[]> sums, boolean estimated) {}

    private AccountLines lines(
            int a, String account, String tenant, LocalDate from, LocalDate to, long asOf, CeFilter filter) {
        Map<List<String>, long[]> sums = new LinkedHashMap<>();
        boolean estimated = false;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            for (Billing.Charge ch : sim.billing.charges(a, d.toEpochDay(), asOf)) {
                if (!filter.test(new CeFilter.Line(account, ch.serviceName(), ch.recordType(), tenant))) {
                    continue;
                }
                long[] sum = sums.computeIfAbsent(List.of(ch.serviceName(), ch.recordType()), k -> new long[5]);
                for (int b = 0; b < Billing.BASES; b++) {
                    sum[b] += ch.micros()[b];
                }
                estimated |= ch.estimated();
            }
        }
        return new AccountLines(sums, estimated);
    }

    private static String tenantKey(String tagKey, String tenant) {
        return tagKey + "$" + (tenant == null ? "" : tenant);
    }

    private ObjectNode getCostAndUsage(Call c) {
        LocalDate[] range = period(c);
        String granularity = c.text("Granularity");
        if (granularity == null) {
            throw invalid("Granularity is required: DAILY or MONTHLY");
        }
        if (!granularity.equals("DAILY") && !granularity.equals("MONTHLY")) {
            throw invalid("Granularity " + granularity + " is not supported by fleet-sim: use DAILY or MONTHLY");
        }
        List<Metric> metrics = metrics(c);
        JsonNode groupBy = c.input().path("GroupBy");
        List<String> keys = groupKeys(groupBy);
        CeFilter filter = CeFilter.parse(c.input().path("Filter"), sim.spec.tenantTagKey());
        List<LocalDate[]> periods = periods(range[0], range[1], granularity);
        int[] accounts = accountsVisible(c, filter.accounts());
        int p0 = 0, a0 = 0, g0 = 0;
        String token = c.text("NextPageToken");
        if (token != null && !token.isEmpty()) {
            String[] pos = Codecs.untoken(token, "InvalidNextTokenException").split(",");
            try {
                p0 = Integer.parseInt(pos[0]);
                a0 = Integer.parseInt(pos[1]);
                g0 = Integer.parseInt(pos[2]);
            } catch (RuntimeException e) {
                throw new SimError(400, "InvalidNextTokenException", "The pagination token is invalid.");
            }
        }
        long asOf = c.now();
        boolean grouped = !keys.isEmpty();
        // groups with LINKED_ACCOUNT (and no tag) stream page by page; any other grouping is summed per period
        boolean streamed = keys.contains("LINKED_ACCOUNT") && !keys.contains("TAG");
        ObjectNode out = Codecs.object();
        ArrayNode results = out.putArray("ResultsByTime");
        int groups = 0;
        String next = null;
        for (int p = p0; p < periods.size() && next == null; p++) {
            LocalDate from = periods.get(p)[0], to = periods.get(p)[1];
            ObjectNode r = results.addObject();
            ObjectNode tp = r.putObject("TimePeriod");
            tp.put("Start", from.toString());
            tp.put("End", to.toString());
            ObjectNode total = r.putObject("Total");
            ArrayNode g = r.putArray("Groups");
            boolean estimated = false;
            long[] sum = new long[Billing.BASES];
            Map<List<String>, long[]> aggregated = new LinkedHashMap<>();
            for (int ai = p == p0 ? a0 : 0; ai < accounts.length && next == null; ai++) {
                int a = accounts[ai];
                String account = a < 0
                        ? sim.fleet.management.value()
                        : sim.fleet.account(a).id().value();
                String tenant = a < 0 ? null : sim.fleet.account(a).tenant().value();
                AccountLines lines = lines(a, account, tenant, from, to, asOf, filter);
                estimated |= lines.estimated();
                Map<List<String>, long[]> projected = new LinkedHashMap<>();
                for (var e : lines.sums().entrySet()) {
                    for (int b = 0; b < Billing.BASES; b++) {
                        sum[b] += e.getValue()[b];
                    }
                    if (!grouped) {
                        continue;
                    }
                    List<String> k = new ArrayList<>(2);
                    for (String key : keys) {
                        k.add(
                                switch (key) {
                                    case "SERVICE" -> e.getKey().get(0);
                                    case "RECORD_TYPE" -> e.getKey().get(1);
                                    case "LINKED_ACCOUNT" -> account;
                                    default -> tenantKey(sim.spec.tenantTagKey(), tenant);
                                });
                    }
                    add(streamed ? projected : aggregated, k, e.getValue());
                }
                if (!streamed) {
                    continue;
                }
                List<Map.Entry<List<String>, long[]>> list = new ArrayList<>(projected.entrySet());
                for (int k = p == p0 && ai == a0 ? g0 : 0; k < list.size(); k++) {
                    if (groups == GROUPS_PER_PAGE) {
                        next = Codecs.token(p + "," + ai + "," + k);
                        break;
                    }
                    groups++;
                    group(g, list.get(k).getKey(), metrics, list.get(k).getValue());
                }
            }
            aggregated.forEach((k, amounts) -> group(g, k, metrics, amounts));
            if (!grouped) {
                metrics(total, metrics, sum);
            }
            r.put("Estimated", estimated);
        }
        ArrayNode defs = out.putArray("GroupDefinitions");
        for (JsonNode gdef : groupBy) {
            ObjectNode d = defs.addObject();
            d.put("Type", gdef.path("Type").asText());
            d.put("Key", gdef.path("Key").asText());
        }
        out.putArray("DimensionValueAttributes");
        if (next != null) {
            out.put("NextPageToken", next);
        }
        return out;
    }

    private static void add(Map<List<String>, long[]> into, List<String> key, long[] amounts) {
        long[] s = into.computeIfAbsent(key, k -> new long[Billing.BASES]);
        for (int b = 0; b < Billing.BASES; b++) {
            s[b] += amounts[b];
        }
    }

    private static void group(ArrayNode groups, List<String> keys, List<Metric> metrics, long[] amounts) {
        ObjectNode o = groups.addObject();
        ArrayNode k = o.putArray("Keys");
        keys.forEach(k::add);
        metrics(o.putObject("Metrics"), metrics, amounts);
    }

    private static void metrics(ObjectNode into, List<Metric> metrics, long[] amounts) {
        for (Metric m : metrics) {
            ObjectNode v = into.putObject(m.name());
            v.put("Amount", BigDecimal.valueOf(amounts[m.basis()], 6).toPlainString());
            v.put("Unit", "USD");
        }
    }

    /**
     * GetDimensionValues for RECORD_TYPE, SERVICE or LINKED_ACCOUNT: the values that occur in the period among the
     * accounts the caller sees, sorted, optionally narrowed by SearchString (case-insensitive substring) and Filter.
     */
    private ObjectNode getDimensionValues(Call c) {
        LocalDate[] range = period(c);
        String dimension = c.text("Dimension");
        if (dimension == null
                || !(dimension.equals("RECORD_TYPE")
                        || dimension.equals("SERVICE")
                        || dimension.equals("LINKED_ACCOUNT"))) {
            throw invalid("Dimension " + dimension
                    + " is not supported by fleet-sim: use RECORD_TYPE, SERVICE or LINKED_ACCOUNT");
        }
        String context = c.text("Context");
        if (context != null && !context.equals("COST_AND_USAGE")) {
            throw invalid("Context " + context + " is not supported by fleet-sim: use COST_AND_USAGE");
        }
        String search = c.text("SearchString");
        CeFilter filter = CeFilter.parse(c.input().path("Filter"), sim.spec.tenantTagKey());
        Map<String, String> found = new TreeMap<>();
        long asOf = c.now();
        for (int a : accountsVisible(c, filter.accounts())) {
            String account = a < 0
                    ? sim.fleet.management.value()
                    : sim.fleet.account(a).id().value();
            String tenant = a < 0 ? null : sim.fleet.account(a).tenant().value();
            for (List<String> k : lines(a, account, tenant, range[0], range[1], asOf, filter)
                    .sums()
                    .keySet()) {
                String value = switch (dimension) {
                    case "RECORD_TYPE" -> k.get(1);
                    case "SERVICE" -> k.get(0);
                    default -> account;
                };
                if (search == null
                        || value.toLowerCase(java.util.Locale.ROOT)
                                .contains(search.toLowerCase(java.util.Locale.ROOT))) {
                    found.put(value, a < 0 ? "management" : sim.fleet.account(a).name());
                }
            }
        }
        ObjectNode out = Codecs.object();
        ArrayNode values = out.putArray("DimensionValues");
        found.forEach((value, name) -> {
            ObjectNode v = values.addObject();
            v.put("Value", value);
            ObjectNode attrs = v.putObject("Attributes");
            if (dimension.equals("LINKED_ACCOUNT")) {
                attrs.put("description", name);
            }
        });
        out.put("ReturnSize", found.size());
        out.put("TotalSize", found.size());
        return out;
    }

    /** Fleet indexes the caller may see, the management account as -1 (first); narrowed by a LINKED_ACCOUNT set. */
    private int[] accountsVisible(Call c, Set<String> filter) {
        String mgmt = sim.fleet.management.value();
        if (!c.caller().management()) {
            int own = c.caller().index();
            return filter == null || filter.contains(c.caller().account()) ? new int[] {own} : new int[0];
        }
        if (filter != null) {
            return filter.stream()
                    .mapToInt(id -> id.equals(mgmt)
                            ? -1
                            : sim.fleet.indexOf(id) < 0 ? Integer.MIN_VALUE : sim.fleet.indexOf(id))
                    .filter(i -> i != Integer.MIN_VALUE)
                    .sorted()
                    .toArray();
        }
        int[] all = new int[sim.fleet.size() + 1];
        for (int i = 0; i < all.length; i++) {
            all[i] = i - 1;
        }
        return all;
    }

    private static List<LocalDate[]> periods(LocalDate start, LocalDate end, String granularity) {
        List<LocalDate[]> out = new ArrayList<>();
        LocalDate d = start;
        while (d.isBefore(end)) {
            LocalDate next = granularity.equals("DAILY")
                    ? d.plusDays(1)
                    : d.withDayOfMonth(1).plusMonths(1);
            if (next.isAfter(end)) {
                next = end;
            }
            out.add(new LocalDate[] {d, next});
            d = next;
        }
        return out;
    }
}
