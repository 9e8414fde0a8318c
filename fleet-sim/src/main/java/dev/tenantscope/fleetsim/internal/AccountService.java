package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Account Management's ListRegions: every region with its opt-in status for the calling account, or — from the
 * management account, with {@code AccountId} — for a member. Regions enabled by default are {@code
 * ENABLED_BY_DEFAULT}; an opt-in region is {@code ENABLED} once the account opted in, else {@code DISABLED}.
 */
final class AccountService {
    private static final int DEFAULT_PAGE = 20, MAX_PAGE = 50;
    private static final Set<String> STATUSES =
            Set.of("ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT");
    private final Sim sim;

    AccountService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        if (!c.operation().equals("ListRegions")) {
            throw new SimError(404, "UnknownOperationException", "Unknown operation " + c.operation());
        }
        return listRegions(c);
    }

    private ObjectNode listRegions(Call c) {
        int account = account(c);
        int page = c.integer("MaxResults", DEFAULT_PAGE, 1, MAX_PAGE, "ValidationException");
        Set<String> wanted = new HashSet<>();
        for (JsonNode s : c.input().path("RegionOptStatusContains")) {
            if (!STATUSES.contains(s.asText())) {
                throw new SimError(
                        400,
                        "ValidationException",
                        "RegionOptStatusContains: '" + s.asText() + "' is not one of " + STATUSES);
            }
            wanted.add(s.asText());
        }
        List<String[]> regions = new ArrayList<>();
        for (Map.Entry<String, Boolean> r : Fleet.REGIONS.entrySet()) {
            String status = !r.getValue()
                    ? "ENABLED_BY_DEFAULT"
                    : account >= 0 && sim.fleet.enabled(account, r.getKey()) ? "ENABLED" : "DISABLED";
            if (wanted.isEmpty() || wanted.contains(status)) {
                regions.add(new String[] {r.getKey(), status});
            }
        }
        int from = 0;
        String token = c.text("NextToken");
        if (token != null && !token.isEmpty()) {
            try {
                from = Integer.parseInt(Codecs.untoken(token, "ValidationException"));
            } catch (NumberFormatException e) {
                throw new SimError(400, "ValidationException", "The NextToken is not valid.");
            }
        }
        ObjectNode out = Codecs.object();
        ArrayNode arr = out.putArray("Regions");
        for (int i = from; i < regions.size() && i < from + page; i++) {
            ObjectNode o = arr.addObject();
            o.put("RegionName", regions.get(i)[0]);
            o.put("RegionOptStatus", regions.get(i)[1]);
        }
        if (from + page < regions.size()) {
            out.put("NextToken", Codecs.token(Integer.toString(from + page)));
        }
        return out;
    }

    /** The member account asked about: the caller's own, or AccountId from the management account; -1: management. */
    private int account(Call c) {
        String id = c.text("AccountId");
        if (id == null || id.isEmpty()) {
            return c.caller().index();
        }
        if (!c.caller().management()) {
            throw new SimError(
                    403,
                    "AccessDeniedException",
                    "AccountId may be given only by the organization's management account or a delegated administrator");
        }
        int i = sim.fleet.indexOf(id);
        if (i < 0) {
            throw new SimError(
                    400,
                    "ValidationException",
                    id.equals(sim.fleet.management.value())
                            ? "The management account can't specify its own AccountId"
                            : "AccountId " + id + " is not a member account of the organization");
        }
        return i;
    }
}
