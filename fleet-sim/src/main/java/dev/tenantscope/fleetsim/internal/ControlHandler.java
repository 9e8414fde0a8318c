package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.fleetsim.BillingLine;
import dev.tenantscope.fleetsim.CostLine;
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.Invoice;
import dev.tenantscope.fleetsim.MeterSnapshot;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.TenantCost;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CostBasis;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code /_sim/} control plane: health, spec, clock, faults, meter and ground truth as JSON. */
public final class ControlHandler {
    private final Sim sim;
    private final GroundTruth truth;

    public ControlHandler(Sim sim, GroundTruth truth) {
        this.sim = sim;
        this.truth = truth;
    }

    public AwsHandler.Response handle(String method, String path, String rawQuery, byte[] body) {
        try {
            Map<String, String> q = query(rawQuery);
            JsonNode out = switch (path) {
                case "/_sim/health" -> health();
                case "/_sim/spec" -> spec();
                case "/_sim/clock" -> clock(method, body);
                case "/_sim/faults" -> faults(method, body);
                case "/_sim/meter" -> meter(false);
                case "/_sim/meter/reset" -> meter(true);
                case "/_sim/truth/accounts" -> accounts(asOf(q));
                case "/_sim/truth/cost/lines" -> costLines(q);
                case "/_sim/truth/cost/tenant" -> tenantCost(q);
                case "/_sim/truth/cost/billing-lines" -> billingLines(q);
                case "/_sim/truth/cost/invoice" -> invoice(q);
                case "/_sim/truth/metric" -> metric(q);
                case "/_sim/truth/noisy" ->
                    Codecs.JSON.valueToTree(truth.noisyEpisodes(time(q, "from"), time(q, "to")).stream()
                            .map(e -> Map.of(
                                    "tenant",
                                    e.tenant().value(),
                                    "signal",
                                    e.signal(),
                                    "start",
                                    e.start().toString(),
                                    "end",
                                    e.end().toString()))
                            .toList());
                case "/_sim/truth/quota-crossings" ->
                    Codecs.JSON.valueToTree(truth.quotaCrossings(time(q, "from"), time(q, "to")).stream()
                            .map(c -> Map.of(
                                    "account",
                                    c.account().value(),
                                    "serviceCode",
                                    c.serviceCode(),
                                    "quotaCode",
                                    c.quotaCode(),
                                    "quotaValue",
                                    c.quotaValue(),
                                    "threshold",
                                    c.threshold(),
                                    "at",
                                    c.at().toString()))
                            .toList());
                case "/_sim/truth/faults" -> faultTruth();
                default ->
                    throw new IllegalArgumentException("unknown control path " + path + "; see fleet-sim/README.md");
            };
            return json(200, out);
        } catch (IllegalArgumentException | java.time.DateTimeException | IOException e) {
            ObjectNode err = Codecs.object();
            err.put("error", String.valueOf(e.getMessage()));
            return json(400, err);
        }
    }

    private static AwsHandler.Response json(int status, JsonNode n) {
        try {
            return new AwsHandler.Response(status, "application/json", Map.of(), Codecs.JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String p : raw.split("&")) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    q.put(
                            URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private Instant asOf(Map<String, String> q) {
        return q.containsKey("asOf") ? Instant.parse(q.get("asOf")) : sim.clock.instant();
    }

    private static Instant time(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + ": required, an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
        return Instant.parse(v);
    }

    private static String required(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + ": required query parameter");
        }
        return v;
    }

    private JsonNode spec() {
        var s = sim.spec;
        ObjectNode o = Codecs.object();
        o.put("seed", s.seed());
        o.put("accounts", s.accounts());
        o.put("externalId", s.externalId());
        o.put("roleName", s.roleName());
        o.put("managementAccount", s.managementAccount());
        o.put("tenantTagKey", s.tenantTagKey());
        o.put("genesis", s.genesis().toString());
        o.put("futureJoinFraction", s.futureJoinFraction());
        o.put("suspendedFraction", s.suspendedFraction());
        o.put("closedFraction", s.closedFraction());
        o.put("noisyRate", s.noisyRate());
        o.put("quotaDriftFraction", s.quotaDriftFraction());
        o.put("restatementDropsGroups", s.restatementDropsGroups());
        o.put("costAnomalyRate", s.costAnomalyRate());
        return o;
    }

    private JsonNode health() {
        ObjectNode o = Codecs.object();
        o.put("status", "ok");
        o.put("accounts", sim.fleet.size());
        o.put("tenants", sim.fleet.tenants().size());
        o.put("now", sim.clock.instant().toString());
        return o;
    }

    private JsonNode clock(String method, byte[] body) throws IOException {
        if (method.equals("POST")) {
            JsonNode in = Codecs.JSON.readTree(body);
            if (in == null) {
                throw new IllegalArgumentException(
                        "body: expected {\"now\":…} or {\"advanceSeconds\":…} or {\"running\":…}");
            }
            if (in.has("now")) {
                sim.clock.set(Instant.parse(in.get("now").asText()));
            }
            if (in.has("advanceSeconds")) {
                sim.clock.advance(Duration.ofSeconds(in.get("advanceSeconds").asLong()));
            }
            if (in.has("running")) {
                if (in.get("running").asBoolean()) {
                    sim.clock.resume();
                } else {
                    sim.clock.pause();
                }
            }
        }
        ObjectNode o = Codecs.object();
        o.put("now", sim.clock.instant().toString());
        o.put("running", sim.clock.isRunning());
        return o;
    }

    private JsonNode faults(String method, byte[] body) throws IOException {
        if (method.equals("POST")) {
            JsonNode in = Codecs.JSON.readTree(body);
            sim.faults.set(
                    in == null || in.isEmpty() ? FaultConfig.none() : Codecs.JSON.treeToValue(in, FaultConfig.class));
        } else if (method.equals("DELETE")) {
            sim.faults.reset();
        }
        return Codecs.JSON.valueToTree(sim.faults.get());
    }

    private JsonNode meter(boolean reset) {
        MeterSnapshot s = reset ? sim.meter.snapshotAndReset() : sim.meter.snapshot();
        ObjectNode o = Codecs.object();
        o.put("totalCalls", s.totalCalls());
        o.put("metricsRequested", s.metricsRequested());
        o.put("bytesScanned", s.bytesScanned());
        o.set("entries", Codecs.JSON.valueToTree(s.entries()));
        return o;
    }

    private JsonNode accounts(Instant asOf) {
        ArrayNode arr = Codecs.NODES.arrayNode();
        for (SimAccount a : truth.accounts(asOf)) {
            ObjectNode o = arr.addObject();
            o.put("id", a.id().value());
            o.put("name", a.name());
            o.put("tenant", a.tenant().value());
            o.put("tier", a.tier().tagValue());
            o.put("environment", a.environment());
            o.put("status", a.statusAt(asOf).name());
            o.put("joinedAt", a.joinedAt().toString());
            o.put(
                    "suspendedAt",
                    a.suspendedAt() == null ? null : a.suspendedAt().toString());
            o.put("closedAt", a.closedAt() == null ? null : a.closedAt().toString());
        }
        return arr;
    }

    private JsonNode costLines(Map<String, String> q) {
        ArrayNode arr = Codecs.NODES.arrayNode();
        for (CostLine l :
                truth.costLines(AccountId.of(required(q, "account")), LocalDate.parse(required(q, "day")), asOf(q))) {
            ObjectNode o = arr.addObject();
            o.put("account", l.account().value());
            o.put("day", l.day().toString());
            o.put("service", l.service());
            o.put("amount", l.amount().toPlainString());
            o.put("estimated", l.estimated());
            o.put("baseline", l.baseline());
        }
        return arr;
    }

    private static CostBasis basis(Map<String, String> q) {
        return CostBasis.parse(q.getOrDefault("basis", CostBasis.UNBLENDED.apiName()));
    }

    private JsonNode billingLines(Map<String, String> q) {
        ArrayNode arr = Codecs.NODES.arrayNode();
        for (BillingLine l : truth.billingLines(
                AccountId.of(required(q, "account")), LocalDate.parse(required(q, "day")), asOf(q))) {
            ObjectNode o = arr.addObject();
            o.put("account", l.account().value());
            o.put("day", l.day().toString());
            o.put("service", l.service());
            o.put("recordType", l.recordType());
            ObjectNode amounts = o.putObject("amounts");
            for (CostBasis b : CostBasis.values()) {
                amounts.put(b.apiName(), l.amount(b).toPlainString());
            }
            o.put("estimated", l.estimated());
            o.put("baseline", l.baseline());
        }
        return arr;
    }

    private JsonNode invoice(Map<String, String> q) {
        Invoice invoice = truth.invoice(YearMonth.parse(required(q, "month")), asOf(q));
        CostBasis basis = basis(q);
        ObjectNode o = Codecs.object();
        o.put("month", invoice.month().toString());
        o.put("asOf", invoice.asOf().toString());
        o.put("basis", basis.apiName());
        o.put("closed", invoice.closed());
        o.put("organisationTotal", invoice.organisationTotal(basis).toPlainString());
        ObjectNode byType = o.putObject("byRecordType");
        invoice.byRecordType(basis).forEach((k, v) -> byType.put(k, v.toPlainString()));
        ArrayNode lines = o.putArray("lines");
        for (Invoice.Line l : invoice.lines()) {
            if (l.basis() == basis) {
                ObjectNode line = lines.addObject();
                line.put("account", l.account().value());
                line.put("recordType", l.recordType());
                line.put("amount", l.amount().toPlainString());
            }
        }
        return o;
    }

    private JsonNode tenantCost(Map<String, String> q) {
        Instant asOf = asOf(q);
        CostBasis basis = basis(q);
        List<TenantId> tenants = q.containsKey("tenant") ? List.of(TenantId.of(q.get("tenant"))) : truth.tenants();
        ArrayNode arr = Codecs.NODES.arrayNode();
        for (TenantId t : tenants) {
            TenantCost c = q.containsKey("month")
                    ? truth.tenantMonthlyCost(t, YearMonth.parse(q.get("month")), basis, asOf)
                    : truth.tenantDailyCost(t, LocalDate.parse(required(q, "day")), basis, asOf);
            ObjectNode o = arr.addObject();
            o.put("tenant", t.value());
            o.put("workload", c.workload().toPlainString());
            o.put("baseline", c.baseline().toPlainString());
            o.put("total", c.total().toPlainString());
            o.put("baselineShare", c.baselineShare().toPlainString());
            o.put("estimated", c.estimated());
        }
        return arr;
    }

    private JsonNode metric(Map<String, String> q) {
        var v = truth.metric(
                AccountId.of(required(q, "account")),
                required(q, "namespace"),
                required(q, "metric"),
                q.getOrDefault("stat", "Sum"),
                Integer.parseInt(q.getOrDefault("period", "300")),
                time(q, "timestamp"));
        ObjectNode o = Codecs.object();
        if (v.isPresent()) {
            o.put("value", v.getAsDouble());
        } else {
            o.putNull("value");
        }
        return o;
    }

    private JsonNode faultTruth() {
        ObjectNode o = Codecs.object();
        o.set(
                "deletedRoleAccounts",
                Codecs.JSON.valueToTree(truth.deletedRoleAccounts().stream()
                        .map(AccountId::value)
                        .toList()));
        o.set(
                "externalIdMismatchAccounts",
                Codecs.JSON.valueToTree(truth.externalIdMismatchAccounts().stream()
                        .map(AccountId::value)
                        .toList()));
        return o;
    }
}
