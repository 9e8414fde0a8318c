package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.SimAccount;
import java.time.Instant;

/** Organizations ListAccounts, DescribeAccount and ListTagsForResource; management account only, like AWS. */
final class OrganizationsService {
    static final int MAX_RESULTS = 20;
    private final Sim sim;

    OrganizationsService(Sim sim) {
        this.sim = sim;
    }

    ObjectNode call(Call c) {
        if (c.operation().equals("DescribeOrganization")) {
            return describeOrganization(); // any account of the organisation may call it
        }
        if (!c.caller().management()) {
            throw new SimError(
                    400,
                    "AccessDeniedException",
                    "You don't have permissions to access this resource. "
                            + "Call Organizations with the management account's credentials.");
        }
        return switch (c.operation()) {
            case "ListAccounts" -> listAccounts(c);
            case "DescribeAccount" -> describeAccount(c);
            case "ListTagsForResource" -> listTags(c);
            default -> throw new SimError(400, "UnknownOperationException", "Unknown operation " + c.operation());
        };
    }

    /** The organisation and its management account: how a member account learns who the payer is. */
    private ObjectNode describeOrganization() {
        String id = sim.fleet.management.value();
        ObjectNode out = Codecs.object();
        ObjectNode o = out.putObject("Organization");
        o.put("Id", orgId());
        o.put("Arn", "arn:aws:organizations::" + id + ":organization/" + orgId());
        o.put("FeatureSet", "ALL");
        o.put("MasterAccountArn", "arn:aws:organizations::" + id + ":account/" + orgId() + "/" + id);
        o.put("MasterAccountId", id);
        o.put("MasterAccountEmail", "aws+management@platform.example.com");
        o.putArray("AvailablePolicyTypes");
        return out;
    }

    private String orgId() {
        return "o-" + Long.toString(Math.abs(Hash.mix(sim.spec.seed())) % 1_000_000_000L, 36) + "fleetsim";
    }

    private void management(ObjectNode o) {
        String id = sim.fleet.management.value();
        o.put("Id", id);
        o.put("Arn", "arn:aws:organizations::" + id + ":account/" + orgId() + "/" + id);
        o.put("Email", "aws+management@platform.example.com");
        o.put("Name", "management");
        o.put("Status", "ACTIVE");
        o.put("State", "ACTIVE");
        o.put("JoinedMethod", "CREATED");
        o.set("JoinedTimestamp", Codecs.time(sim.spec.genesis().minusSeconds(500L * 86_400)));
    }

    private void member(ObjectNode o, SimAccount a, Instant now) {
        AccountStatus status = a.statusAt(now);
        o.put("Id", a.id().value());
        o.put(
                "Arn",
                "arn:aws:organizations::" + sim.fleet.management.value() + ":account/" + orgId() + "/"
                        + a.id().value());
        o.put("Email", a.email());
        o.put("Name", a.name());
        o.put("Status", status.organizationsStatus());
        o.put("State", status.organizationsState());
        o.put("JoinedMethod", "CREATED");
        o.set("JoinedTimestamp", Codecs.time(a.joinedAt().getEpochSecond()));
    }

    /** Page k of the listing: position 0 is the management account, then members by index, unjoined skipped. */
    private ObjectNode listAccounts(Call c) {
        int max = c.integer("MaxResults", MAX_RESULTS, 1, MAX_RESULTS, "InvalidInputException");
        int pos = 0;
        String token = c.text("NextToken");
        if (token != null && !token.isEmpty()) {
            try {
                pos = Integer.parseInt(Codecs.untoken(token, "InvalidInputException"));
            } catch (NumberFormatException e) {
                throw new SimError(400, "InvalidInputException", "You provided an invalid value for NextToken.");
            }
        }
        Instant now = Instant.ofEpochSecond(c.now());
        ObjectNode out = Codecs.object();
        ArrayNode accounts = out.putArray("Accounts");
        int n = sim.fleet.size();
        int i = pos;
        for (; i <= n && accounts.size() < max; i++) {
            if (i == 0) {
                management(accounts.addObject());
                continue;
            }
            SimAccount a = sim.fleet.account(i - 1);
            if (a.statusAt(now) != AccountStatus.NOT_JOINED) {
                member(accounts.addObject(), a, now);
            }
        }
        // skip trailing not-yet-joined accounts so the last page carries no token
        while (i <= n && sim.fleet.account(i - 1).statusAt(now) == AccountStatus.NOT_JOINED) {
            i++;
        }
        if (i <= n) {
            out.put("NextToken", Codecs.token(Integer.toString(i)));
        }
        return out;
    }

    private SimAccount lookup(Call c, String field) {
        String id = c.required(field, "InvalidInputException");
        int i = sim.fleet.indexOf(id);
        if (i < 0 || sim.fleet.account(i).statusAt(Instant.ofEpochSecond(c.now())) == AccountStatus.NOT_JOINED) {
            if (id.equals(sim.fleet.management.value())) {
                return null;
            }
            throw new SimError(
                    400,
                    field.equals("AccountId") ? "AccountNotFoundException" : "TargetNotFoundException",
                    "We can't find a " + (field.equals("AccountId") ? "account" : "resource") + " with the ID " + id);
        }
        return sim.fleet.account(i);
    }

    private ObjectNode describeAccount(Call c) {
        SimAccount a = lookup(c, "AccountId");
        ObjectNode out = Codecs.object();
        ObjectNode o = out.putObject("Account");
        if (a == null) {
            management(o);
        } else {
            member(o, a, Instant.ofEpochSecond(c.now()));
        }
        return out;
    }

    private ObjectNode listTags(Call c) {
        SimAccount a = lookup(c, "ResourceId");
        ObjectNode out = Codecs.object();
        ArrayNode tags = out.putArray("Tags");
        if (a != null) {
            tag(tags, sim.spec.tenantTagKey(), a.tenant().value());
            tag(tags, "tier", a.tier().tagValue());
            tag(tags, "environment", a.environment());
        } else {
            tag(tags, "role", "management");
        }
        return out;
    }

    private static void tag(ArrayNode tags, String key, String value) {
        ObjectNode t = tags.addObject();
        t.put("Key", key);
        t.put("Value", value);
    }
}
