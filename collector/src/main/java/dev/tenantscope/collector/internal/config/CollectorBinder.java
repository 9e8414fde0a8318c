package dev.tenantscope.collector.internal.config;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.CollectorConfig.Cost;
import dev.tenantscope.collector.CollectorConfig.CostMode;
import dev.tenantscope.collector.CollectorConfig.Discovery;
import dev.tenantscope.collector.CollectorConfig.DiscoveryMode;
import dev.tenantscope.collector.CollectorConfig.Limits;
import dev.tenantscope.collector.CollectorConfig.Logs;
import dev.tenantscope.collector.CollectorConfig.LogsMode;
import dev.tenantscope.collector.CollectorConfig.Price;
import dev.tenantscope.collector.CollectorConfig.Quotas;
import dev.tenantscope.collector.CollectorConfig.Schedule;
import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.Grammar;
import dev.tenantscope.config.SharedConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@code collector} section, bound with the one grammar. */
public final class CollectorBinder {
    private static final Set<String> COST_METRICS =
            Set.of("UnblendedCost", "BlendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost");
    private static final java.util.regex.Pattern PAYER_ROLE_ARN =
            java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    // AWS's per-account-and-region request quotas for the operations we call
    private static final Map<String, Double> API_TPS = apiTps();

    private CollectorBinder() {}

    public static CollectorConfig bind(ConfigNode n, SharedConfig shared) {
        n.moved("kafka", "the top-level kafka section (shared by every role)");
        n.moved("aws", "the top-level aws section (shared by every role)");
        return new CollectorConfig(
                collectorId(n),
                n.string("groupId", "tenantscope-collector", "consumer group of the accounts topic; one per fleet"),
                shared.kafka(),
                shared.aws(),
                shared.alerts(),
                discovery(n.section("discovery", "how accounts are found")),
                limits(n.section("limits", "request rates and retries, per account and region like AWS's quotas")),
                schedule(n.section("schedule", "freshness targets; the planner degrades them to fit the budget")),
                MetricSpecs.metrics(n.section("metrics", "CloudWatch metrics pulled from every account")),
                logs(n.section("logs", "error signals from CloudWatch Logs Insights")),
                quotas(n.section("quotas", "Service Quotas and their AWS/Usage metrics")),
                cost(n.section("cost", "Cost Explorer pulls")),
                regions(n.section("regions", "which regions each account is collected in")),
                prices(n),
                n.integer("prometheusPort", 9404, -1, 65535, "/metrics port; 0 picks a free port, -1 disables it"),
                n.stringList(
                        "previousExternalIds",
                        List.of(),
                        "ExternalIds tried in order when aws.externalId is denied: the old one during a rotation"));
    }

    private static String collectorId(ConfigNode n) {
        String id = n.optionalString(
                "collectorId",
                "this instance's name and AssumeRole session name (default: $" + Environment.COLLECTOR_ID
                        + ", else collector-$HOSTNAME)");
        if (id == null) {
            Environment env = n.env();
            boolean fromId = env.get(Environment.COLLECTOR_ID) != null;
            id = fromId
                    ? env.get(Environment.COLLECTOR_ID)
                    : "collector-" + (env.get(Environment.HOSTNAME) == null ? "local" : env.get(Environment.HOSTNAME));
            n.derived(
                    "collectorId",
                    id,
                    fromId
                            ? "from $" + Environment.COLLECTOR_ID
                            : env.get(Environment.HOSTNAME) == null
                                    ? "$HOSTNAME is unset"
                                    : "from $" + Environment.HOSTNAME);
        }
        if (!id.matches("[A-Za-z0-9+=,.@_-]{1,32}")) {
            n.problem("collectorId", id, "1-32 characters of [A-Za-z0-9+=,.@_-] (it is the AssumeRole session name)");
            id = "collector-local";
        }
        return id;
    }

    private static Discovery discovery(ConfigNode d) {
        DiscoveryMode mode = d.enumValue(
                "mode", DiscoveryMode.ORGANIZATIONS, DiscoveryMode.class, "organizations, a static file, or off");
        String file = d.optionalString("staticFile", "YAML accounts file for mode static");
        if (mode == DiscoveryMode.STATIC && file == null) {
            d.problem("staticFile", "(unset)", "a path to a YAML accounts file when discovery.mode is static");
        }
        return new Discovery(
                mode,
                file == null ? null : Path.of(file),
                d.string("tenantTag", "tenant-id", "account tag naming the tenant"),
                d.string("tierTag", "tier", "account tag naming the tier"),
                d.string("environmentTag", "environment", "account tag naming the environment"),
                d.duration("interval", Duration.ofMinutes(5), "how often Organizations is listed"),
                d.durationOrZero(
                        "tagRefresh",
                        Duration.ofHours(1),
                        "an account's tags are read again when older than this: re-tagging moves it to its new"
                                + " tenant (one ListTagsForResource per account and refresh)"));
    }

    private static CollectorConfig.Regions regions(ConfigNode r) {
        return new CollectorConfig.Regions(
                r.bool(
                        "discover",
                        true,
                        "find each account's regions: enabled ones (account:ListRegions) holding its signals"
                                + " (CloudWatch ListMetrics); false polls the tenantscope-regions tag or aws.regions"),
                r.stringList(
                        "allow",
                        List.of(),
                        reg -> dev.tenantscope.config.AwsConfig.REGION
                                .matcher(reg)
                                .matches(),
                        "an AWS region such as eu-west-1",
                        "the only regions ever collected; empty allows every region"),
                r.duration(
                        "refresh",
                        Duration.ofHours(24),
                        Duration.ofMinutes(1),
                        Duration.ofDays(30),
                        "an account's regions are found again when this old"));
    }

    private static Limits limits(ConfigNode l) {
        Map<String, Double> tps = new LinkedHashMap<>(API_TPS);
        tps.putAll(l.map(
                "apiTps",
                new TreeSet<>(API_TPS.keySet()),
                (m, op) -> m.positiveNumber(op, API_TPS.getOrDefault(op, 10.0), "requests per second"),
                "requests per second per (account, region) by operation"));
        return new Limits(
                l.positiveNumber("globalTps", 2000.0, "cap over all accounts of this collector"),
                tps,
                l.positiveNumber("defaultApiTps", 10.0, "for operations apiTps does not list"),
                // generous: attempts are also bounded by the account deadline, and throttles back off adaptively
                l.integer("maxAttempts", 10, 1, 50, "attempts per call, throttles included"),
                l.duration("baseBackoff", Duration.ofMillis(50), "first retry pause; grows exponentially"),
                l.duration("maxBackoff", Duration.ofSeconds(5), "longest retry pause"),
                l.duration(
                        "accountTimeout", Duration.ofSeconds(120), "an account still running is cut off and reported"),
                l.integer("maxInFlight", 256, 1, 100_000, "accounts collected at once"));
    }

    private static Schedule schedule(ConfigNode s) {
        Duration alert = s.duration(
                "alertInterval",
                // 14 min leaves a minute for collection: alert signals of active accounts stay ≤ 15 min old
                Duration.ofMinutes(14),
                "alert signals of active accounts");
        Duration hot = s.duration(
                "hotAlertInterval",
                Duration.ofMinutes(5),
                "alert signals of hot accounts (errors or a quota at warnAt)");
        if (hot.compareTo(alert) > 0) {
            s.problem(
                    "hotAlertInterval",
                    Grammar.durationText(hot),
                    "at most schedule.alertInterval (" + Grammar.durationText(alert) + ")");
            hot = alert;
        }
        return new Schedule(
                s.money(
                        "budgetPerAccountMonth",
                        new BigDecimal("0.10"),
                        "API spend per account per month, fleet average"),
                hot,
                alert,
                s.duration("standardInterval", Duration.ofHours(1), "standard signals"),
                s.duration("heartbeatInterval", Duration.ofHours(6), "idle accounts: a heartbeat only"),
                s.duration("idleAfter", Duration.ofHours(6), "an account without activity this long is idle"),
                s.duration("costInterval", Duration.ofHours(24), "Cost Explorer pulls"),
                s.duration("quotaListInterval", Duration.ofHours(24), "quota values (usage comes with the metrics)"),
                s.duration("tick", Duration.ofSeconds(1), "scheduler resolution"),
                s.durationOrZero(
                        "startRamp",
                        Duration.ofMinutes(2),
                        "every account first seen (at start, or handed over) is collected once within this, spread"
                                + " by jitter, before its slots take over; 0: wait for the first slot"),
                s.money(
                        "budgetFloorPerMonth",
                        new BigDecimal("10"),
                        "the fleet's API budget per month is at least this: the payer cost pull (a query per record"
                                + " type) and discovery cost a 40-account fleet about what they cost a 400-account one"));
    }

    private static Logs logs(ConfigNode l) {
        return new Logs(
                l.enumValue("mode", LogsMode.INSIGHTS, LogsMode.class, "insights or off"),
                l.stringList("prefixes", List.of("/aws/lambda/", "/app/"), "log group prefixes queried"),
                l.string("errorPattern", "ERROR", "what counts as an error line"),
                l.size("maxBytesPerAccountInterval", 64L << 20, "hard cap on bytes scanned per account per interval"),
                l.duration("queryTimeout", Duration.ofSeconds(30), "a query running longer is stopped"));
    }

    private static Quotas quotas(ConfigNode q) {
        return new Quotas(
                q.bool("enabled", true, "pull quotas at all"),
                q.stringList(
                        "services",
                        List.of("lambda", "monitoring"),
                        "Service Quotas service codes (monitoring: CloudWatch API rates, the collector's own included)"),
                q.percent(
                        "alertAbove",
                        0.5,
                        "quota usage is pulled with the alert signals from this utilisation on (not the alert"
                                + " threshold: alerts.quota.warnAt)"));
    }

    private static Cost cost(ConfigNode c) {
        CostMode mode = costMode(c);
        int trailing = c.integer("trailingDays", 5, 1, 90, "days re-pulled: Cost Explorer restates recent days");
        int monthToDate = c.integer(
                "monthToDateEvery",
                Cost.MONTH_TO_DATE_EVERY,
                0,
                31,
                "a regular pull also reaches back to the 1st of the month when the last one that did is this many"
                        + " days old (1: every pull, 0: never)");
        if (c.has("monthToDate")) {
            c.problem(
                    "monthToDate",
                    "(any value)",
                    "replaced by cost.monthToDateEvery (days between pulls that reach back to the 1st; 1: every"
                            + " pull, as monthToDate: true did; 0: never)");
        }
        if (c.has("metric")) {
            c.problem(
                    "metric",
                    "(any value)",
                    "no cost.metric: it was removed, every basis (" + String.join(", ", new TreeSet<>(COST_METRICS))
                            + ") is pulled in one request and the basis is chosen where cost is read (basis=)");
        }
        String roleArn = c.optionalString(
                "payerRoleArn",
                "cost-reading role in the management account (deploy/payer-role.yaml); unset: the collector's own"
                        + " credentials, only if they are the management account's");
        if (roleArn != null && !PAYER_ROLE_ARN.matcher(roleArn).matches()) {
            c.problem(
                    "payerRoleArn",
                    roleArn,
                    "an IAM role ARN such as arn:aws:iam::111122223333:role/TenantScopeCostReader");
            roleArn = null;
        }
        String externalId = c.optionalString("payerExternalId", "ExternalId the payer role's trust policy requires");
        if (roleArn != null && externalId == null) {
            c.problem(
                    "payerExternalId",
                    "(unset)",
                    "the ExternalId of the payer role (deploy/payer-role.yaml's ExternalId parameter) when"
                            + " cost.payerRoleArn is set");
        }
        int backfill = c.integer(
                "backfillMonths",
                13,
                0,
                13,
                "months of daily cost history pulled on first start and for a newly registered account (0: none)");
        int finalisation = c.integer(
                "finalisationDay",
                Cost.FINALISATION_DAY,
                0,
                28,
                "through this day of the month the previous month is re-pulled whole: AWS finalises it then (the"
                        + " support fee lands on the 6th-7th, dated the 1st); 0: never");
        int late = c.integer(
                "lateChargesEvery",
                Cost.LATE_CHARGES_EVERY,
                0,
                28,
                "after finalisationDay, the previous month is re-pulled every this many days, for refunds and"
                        + " credits added after the month is final (0: never)");
        return new Cost(mode, trailing, monthToDate, roleArn, externalId, backfill, finalisation, late);
    }

    /**
     * payer or off. per-account is refused by name: it never collected anything (a tenant role's Cost Explorer
     * answers for that account only, and nothing called it), and its IAM grant is gone from the tenant role.
     */
    private static CostMode costMode(ConfigNode c) {
        String text =
                c.string("mode", "payer", "payer (one elected pull per fleet through the management account) or off");
        String norm = text.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        norm = norm.equals("FALSE") ? "OFF" : norm; // YAML 1.1 reads a bare off as a boolean
        if (norm.equals("PER_ACCOUNT")) {
            c.problem(
                    "mode",
                    text,
                    "payer or off: per-account mode was removed (it collected nothing); use payer with"
                            + " collector.cost.payerRoleArn set to the role of deploy/payer-role.yaml");
            return CostMode.PAYER;
        }
        for (CostMode m : CostMode.values()) {
            if (m.name().equals(norm)) {
                return m;
            }
        }
        c.problem("mode", text, "one of [payer, off]");
        return CostMode.PAYER;
    }

    private static Map<String, Price> prices(ConfigNode n) {
        Map<String, Price> prices = new LinkedHashMap<>();
        prices.putAll(n.map(
                "prices",
                new TreeSet<>(DefaultPrices.LIST.keySet()),
                CollectorBinder::price,
                "price of each API we call, keyed service:Operation (service:* is the fallback)"));
        return prices;
    }

    private static Price price(ConfigNode m, String key) {
        if (!key.matches("[a-z0-9-]+:(\\*|[A-Za-z]+)")) {
            m.problem(key, key, "a key service:Operation such as monitoring:GetMetricData (or monitoring:*)");
            return null;
        }
        Price dflt = DefaultPrices.LIST.getOrDefault(key, new Price(BigDecimal.ZERO, 1, "requests"));
        ConfigNode p = m.section(key, null);
        return new Price(
                p.money("usd", dflt.usd(), "price of perUnits units"),
                p.size("perUnits", dflt.perUnits(), "units the price is for"),
                p.string("unit", dflt.unit(), "what is counted"));
    }

    private static Map<String, Double> apiTps() {
        Map<String, Double> tps = new LinkedHashMap<>();
        tps.put("GetMetricData", 50.0);
        tps.put("AssumeRole", 100.0);
        tps.put("ListServiceQuotas", 10.0);
        tps.put("StartQuery", 5.0);
        tps.put("GetQueryResults", 10.0);
        tps.put("DescribeLogGroups", 10.0);
        tps.put("GetCostAndUsage", 5.0);
        tps.put("ListAccounts", 5.0);
        tps.put("ListTagsForResource", 10.0);
        return Map.copyOf(tps);
    }
}
