package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cost Explorer GetCostAndUsage: the payer sees every member account, a member account only itself. Pages hold
 * at most {@link #GROUPS_PER_PAGE} groups; the token is the position (period, account, service).
 */
final class CostExplorerService {
    static final int GROUPS_PER_PAGE = 2_000;
    private static final Set<String> METRICS =
            Set.of("UnblendedCost", "BlendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost");

    private final Sim sim;

    CostExplorerService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        if (!c.operation().equals("GetCostAndUsage")) {
            throw new SimError(400, "UnknownOperationException", "Unknown operation " + c.operation());
        }
        return getCostAndUsage(c);
    }

    private static LocalDate date(JsonNode period, String field) {
        String text = period.path(field).asText("");
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new SimError(
                    400,
                    "ValidationException",
                    "TimePeriod." + field + ": expected a date like 2026-11-01 " + "(yyyy-MM-dd), got '" + text + "'");
        }
    }

    private ObjectNode getCostAndUsage(Call c) {
        JsonNode period = c.input().path("TimePeriod");
        LocalDate start = date(period, "Start");
        LocalDate end = date(period, "End");
        if (!start.isBefore(end)) {
            throw new SimError(
                    400, "ValidationException", "Start date (" + start + ") must be before end date (" + end + ")");
        }
        String granularity = c.text("Granularity");
        if (granularity == null) {
            throw new SimError(400, "ValidationException", "Granularity is required: DAILY or MONTHLY");
        }
        if (!granularity.equals("DAILY") && !granularity.equals("MONTHLY")) {
            throw new SimError(
                    400,
                    "ValidationException",
                    "Granularity " + granularity + " is not supported by fleet-sim: use DAILY or MONTHLY");
        }
        List<String> metrics = new ArrayList<>();
        for (JsonNode m : c.input().path("Metrics")) {
            if (!METRICS.contains(m.asText())) {
                throw new SimError(
                        400,
                        "ValidationException",
                        "Metrics: unsupported metric '" + m.asText() + "', expected one of " + METRICS);
            }
            metrics.add(m.asText());
        }
        if (metrics.isEmpty()) {
            throw new SimError(400, "ValidationException", "Metrics is required, e.g. [\"UnblendedCost\"]");
        }
        JsonNode groupBy = c.input().path("GroupBy");
        if (groupBy.size() > 2) {
            throw new SimError(
                    400, "ValidationException", "You can only group by up to two dimensions; got " + groupBy.size());
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode g : groupBy) {
            String type = g.path("Type").asText();
            String key = g.path("Key").asText();
            boolean ok = (type.equals("DIMENSION") && (key.equals("LINKED_ACCOUNT") || key.equals("SERVICE")))
                    || (type.equals("TAG") && key.equals(sim.spec.tenantTagKey()));
            if (!ok) {
                throw new SimError(
                        400,
                        "ValidationException",
                        "GroupBy " + type + "/" + key + " is not supported by "
                                + "fleet-sim: use DIMENSION LINKED_ACCOUNT, DIMENSION SERVICE or TAG "
                                + sim.spec.tenantTagKey());
            }
            keys.add(type.equals("TAG") ? "TAG" : key);
        }
        Set<String> accountFilter = new HashSet<>(), serviceFilter = new HashSet<>();
        filter(c.input().path("Filter"), accountFilter, serviceFilter);

        List<LocalDate[]> periods = periods(start, end, granularity);
        int[] accounts = accountsVisible(c, accountFilter);
        int p0 = 0, a0 = 0, s0 = 0;
        String token = c.text("NextPageToken");
        if (token != null && !token.isEmpty()) {
            String[] pos = Codecs.untoken(token, "InvalidNextTokenException").split(",");
            try {
                p0 = Integer.parseInt(pos[0]);
                a0 = Integer.parseInt(pos[1]);
                s0 = Integer.parseInt(pos[2]);
            } catch (RuntimeException e) {
                throw new SimError(400, "InvalidNextTokenException", "The pagination token is invalid.");
            }
        }
        long asOf = c.now();
        boolean grouped = !keys.isEmpty();
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
            BigDecimal sum = BigDecimal.ZERO;
            // (account, service) streams page by page; any other grouping is aggregated within the period
            boolean streamed = keys.contains("LINKED_ACCOUNT") && !keys.contains("TAG");
            boolean perService = keys.contains("SERVICE");
            java.util.LinkedHashMap<List<String>, BigDecimal> aggregated = new java.util.LinkedHashMap<>();
            int aStart = p == p0 ? a0 : 0;
            for (int ai = aStart; ai < accounts.length && next == null; ai++) {
                int a = accounts[ai];
                String account = sim.fleet.account(a).id().value();
                if (streamed && !perService && groups == GROUPS_PER_PAGE) {
                    next = Codecs.token(p + "," + ai + ",0");
                    break;
                }
                long accountMicros = 0;
                boolean accountAny = false;
                int sStart = p == p0 && ai == a0 ? s0 : 0;
                for (int s = sStart; s < CostModel.SERVICES.size(); s++) {
                    String service = CostModel.SERVICES.get(s);
                    if (!serviceFilter.isEmpty() && !serviceFilter.contains(service)) {
                        continue;
                    }
                    long micros = 0;
                    boolean any = false;
                    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
                        int v = CostModel.version(d.toEpochDay(), asOf);
                        if (v < 0) {
                            continue;
                        }
                        long m = sim.costs.micros(a, s, d.toEpochDay(), v);
                        if (m != 0) {
                            any = true;
                            micros += m;
                            estimated |= CostModel.estimated(v);
                        }
                    }
                    if (!any) {
                        continue;
                    }
                    BigDecimal amount = BigDecimal.valueOf(micros, 6);
                    sum = sum.add(amount);
                    accountMicros += micros;
                    accountAny = true;
                    if (!grouped) {
                        continue;
                    }
                    if (streamed && perService) {
                        if (groups == GROUPS_PER_PAGE) {
                            next = Codecs.token(p + "," + ai + "," + s);
                            break;
                        }
                        groups++;
                        List<String> k =
                                keys.get(0).equals("SERVICE") ? List.of(service, account) : List.of(account, service);
                        group(g, k, metrics, amount);
                    } else if (!streamed) {
                        List<String> k = new ArrayList<>(2);
                        for (String key : keys) {
                            k.add(
                                    switch (key) {
                                        case "SERVICE" -> service;
                                        case "LINKED_ACCOUNT" -> account;
                                        default ->
                                            sim.spec.tenantTagKey() + "$"
                                                    + sim.fleet
                                                            .account(a)
                                                            .tenant()
                                                            .value();
                                    });
                        }
                        aggregated.merge(k, amount, BigDecimal::add);
                    }
                }
                if (grouped && streamed && !perService && accountAny) {
                    groups++;
                    group(g, List.of(account), metrics, BigDecimal.valueOf(accountMicros, 6));
                }
            }
            aggregated.forEach((k, amount) -> group(g, k, metrics, amount));
            if (!grouped) {
                for (String m : metrics) {
                    ObjectNode v = total.putObject(m);
                    v.put("Amount", sum.toPlainString());
                    v.put("Unit", "USD");
                }
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

    private static void group(ArrayNode groups, List<String> keys, List<String> metrics, BigDecimal amount) {
        ObjectNode o = groups.addObject();
        ArrayNode k = o.putArray("Keys");
        keys.forEach(k::add);
        ObjectNode ms = o.putObject("Metrics");
        for (String m : metrics) {
            ObjectNode v = ms.putObject(m);
            v.put("Amount", amount.toPlainString());
            v.put("Unit", "USD");
        }
    }

    private static void filter(JsonNode f, Set<String> accounts, Set<String> services) {
        if (f.isMissingNode() || f.isNull() || f.isEmpty()) {
            return;
        }
        JsonNode dims = f.path("Dimensions");
        if (f.has("And")
                || f.has("Or")
                || f.has("Not")
                || f.has("Tags")
                || f.has("CostCategories")
                || dims.isMissingNode()) {
            throw new SimError(
                    400,
                    "ValidationException",
                    "fleet-sim supports only a single Dimensions filter " + "on LINKED_ACCOUNT or SERVICE");
        }
        String key = dims.path("Key").asText();
        Set<String> target = switch (key) {
            case "LINKED_ACCOUNT" -> accounts;
            case "SERVICE" -> services;
            default ->
                throw new SimError(
                        400,
                        "ValidationException",
                        "Filter dimension " + key + " is not supported by fleet-sim: use LINKED_ACCOUNT or SERVICE");
        };
        for (JsonNode v : dims.path("Values")) {
            target.add(v.asText());
        }
        if (target.isEmpty()) {
            throw new SimError(400, "ValidationException", "Filter Dimensions.Values must not be empty");
        }
    }

    private int[] accountsVisible(Call c, Set<String> filter) {
        if (!c.caller().management()) {
            int own = c.caller().index();
            return filter.isEmpty() || filter.contains(c.caller().account()) ? new int[] {own} : new int[0];
        }
        if (!filter.isEmpty()) {
            return filter.stream()
                    .mapToInt(sim.fleet::indexOf)
                    .filter(i -> i >= 0)
                    .sorted()
                    .toArray();
        }
        int[] all = new int[sim.fleet.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
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
        if (out.size() > 3_700) {
            throw new SimError(400, "ValidationException", "TimePeriod too long for DAILY granularity (max ~10 years)");
        }
        return out;
    }
}
