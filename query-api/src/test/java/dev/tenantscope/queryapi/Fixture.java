package dev.tenantscope.queryapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.schema.CostMonthly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A small fleet with known numbers. The rows inserted are the ground truth; the expected API figures are
 * computed here from these Java lists, independently of the API's SQL (superseded versions included, so
 * the API must read the latest version).
 */
final class Fixture {
    static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 15);
    static final String USD = "USD";

    static final String ACME = "acme";
    static final String GLOBEX = "globex";
    static final String INITECH = "initech";
    /** A tenant id (from an AWS account tag) written to break naive SQL, HTML and CSV. */
    static final String HOSTILE = "o'brien\"; DROP TABLE accounts;-- <script>alert(1)</script>,☃\u202e";

    static final List<String> TENANTS = List.of(ACME, GLOBEX, INITECH, HOSTILE);

    record Account(
            String id,
            String tenant,
            String status,
            String observability,
            String reason,
            Instant joined,
            Instant lastCollected,
            long version) {}

    record Cost(
            String tenant,
            String account,
            LocalDate day,
            String service,
            String category,
            String component,
            BigDecimal amount,
            int estimated,
            long version) {
        String key() {
            // cost_daily's row key
            return tenant + "|" + day + "|" + account + "|" + service + "|" + category + "|" + component + "|" + USD;
        }
    }

    record Run(
            String account,
            String tenant,
            Instant started,
            String status,
            BigDecimal spend,
            int calls,
            int errors,
            int throttles) {}

    record Quota(
            String account,
            String tenant,
            String service,
            String code,
            String name,
            double value,
            double usage,
            Instant ts) {
        double utilisation() {
            return usage / value;
        }
    }

    record Alert(
            String id,
            String kind,
            String tenant,
            String account,
            String subject,
            String severity,
            String state,
            Instant opened,
            Instant updated,
            Instant closed,
            double cohortPercentile,
            Instant forecast,
            String evidence) {}

    final List<Account> accountRows = new ArrayList<>();
    final List<Cost> costRows = new ArrayList<>();
    final List<Run> runs = new ArrayList<>();
    final List<Quota> quotas = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<Cost> frozenFeb = new ArrayList<>();

    static final LocalDate BULK_MONTH = LocalDate.of(2025, 6, 1);
    static final int BULK_SERVICES = 1000;

    static final List<String> WORKLOAD_SERVICES = List.of("AmazonEC2", "AmazonS3");
    /** baseline component → the service it is billed under */
    static final Map<String, String> BASELINE =
            Map.of("AWS CloudTrail", "AWSCloudTrail", "collector-api", "tenantscope");

    Fixture() {
        Instant h = NOW;
        // acme: first written SUSPENDED (version 1), then ACTIVE (version 2): the API must see version 2
        accountRows.add(new Account(
                "111111111111", ACME, "SUSPENDED", "UNKNOWN", "", Instant.parse("2024-05-01T00:00:00Z"), null, 1));
        accountRows.add(new Account(
                "111111111111",
                ACME,
                "ACTIVE",
                "OBSERVABLE",
                "",
                Instant.parse("2024-05-01T00:00:00Z"),
                h.minusSeconds(300),
                2));
        accountRows.add(new Account(
                "111111111112",
                ACME,
                "ACTIVE",
                "UNOBSERVABLE",
                "AccessDenied: role deleted",
                Instant.parse("2024-06-01T00:00:00Z"),
                h.minusSeconds(2 * 86400),
                1));
        accountRows.add(new Account(
                "222222222221",
                GLOBEX,
                "SUSPENDED",
                "UNOBSERVABLE",
                "account suspended",
                Instant.parse("2025-01-01T00:00:00Z"),
                h.minusSeconds(20 * 86400),
                1));
        accountRows.add(new Account(
                "333333333331",
                INITECH,
                "ACTIVE",
                "OBSERVABLE",
                "",
                Instant.parse("2026-03-12T09:00:00Z"),
                h.minusSeconds(60),
                1));
        accountRows.add(new Account(
                "444444444441", HOSTILE, "ACTIVE", "OBSERVABLE", "", Instant.parse("2025-07-01T00:00:00Z"), null, 1));

        List<Account> accounts = accounts();
        for (int a = 0; a < accounts.size(); a++) {
            Account acc = accounts.get(a);
            for (LocalDate d = LocalDate.of(2026, 1, 1); !d.isAfter(TODAY); d = d.plusDays(1)) {
                for (int s = 0; s < WORKLOAD_SERVICES.size(); s++) {
                    BigDecimal amount = new BigDecimal(d.getDayOfYear())
                            .multiply(new BigDecimal("1.25"))
                            .add(new BigDecimal(a * 3))
                            .add(new BigDecimal(s).multiply(new BigDecimal("0.5")))
                            .setScale(6);
                    int estimated = d.isAfter(TODAY.minusDays(3)) ? 1 : 0;
                    costRows.add(new Cost(
                            acc.tenant(), acc.id(), d, WORKLOAD_SERVICES.get(s), "workload", "", amount, estimated, 1));
                }
                costRows.add(new Cost(
                        acc.tenant(),
                        acc.id(),
                        d,
                        "AWSCloudTrail",
                        "baseline",
                        "AWS CloudTrail",
                        new BigDecimal("0.10")
                                .add(new BigDecimal(a).multiply(new BigDecimal("0.01")))
                                .setScale(6),
                        0,
                        1));
                costRows.add(new Cost(
                        acc.tenant(),
                        acc.id(),
                        d,
                        "tenantscope",
                        "baseline",
                        "collector-api",
                        new BigDecimal("0.003125").multiply(new BigDecimal(a + 1)),
                        0,
                        1));
            }
        }
        // a bulk month, larger than one engine chunk: exports must still be one well-formed file
        for (LocalDate d = BULK_MONTH; d.getMonth() == BULK_MONTH.getMonth(); d = d.plusDays(1)) {
            for (int s = 0; s < BULK_SERVICES; s++) {
                costRows.add(new Cost(
                        INITECH,
                        "333333333331",
                        d,
                        "bulk-" + s,
                        "workload",
                        "",
                        new BigDecimal(s % 97).add(new BigDecimal("0.015625")),
                        0,
                        1));
            }
        }
        // a restated day: version 1 superseded by version 2 (KTable semantics upstream; ReplacingMergeTree here)
        costRows.add(new Cost(
                ACME,
                "111111111111",
                LocalDate.of(2026, 3, 2),
                "AmazonEC2",
                "workload",
                "",
                new BigDecimal("999.000000"),
                1,
                0));
        // February frozen at month close, before acme's 2026-02-10 EC2 was restated upward by 7.5
        for (Cost c : effectiveCosts()) {
            if (c.day().getMonthValue() == 2
                    && (c.tenant().equals(ACME) || c.tenant().equals(GLOBEX))) {
                BigDecimal frozen = isRestated(c) ? c.amount().subtract(new BigDecimal("7.5")) : c.amount();
                frozenFeb.add(new Cost(
                        c.tenant(), c.account(), c.day(), c.service(), c.category(), c.component(), frozen, 0, 1));
            }
        }

        runs.add(new Run(
                "111111111111",
                ACME,
                Instant.parse("2026-03-15T11:55:00Z"),
                "OK",
                new BigDecimal("0.012500"),
                40,
                0,
                1));
        runs.add(new Run(
                "111111111111",
                ACME,
                Instant.parse("2026-03-14T11:55:00Z"),
                "PARTIAL",
                new BigDecimal("0.010000"),
                38,
                2,
                3));
        runs.add(new Run(
                "111111111112",
                ACME,
                Instant.parse("2026-03-13T10:00:00Z"),
                "UNOBSERVABLE",
                new BigDecimal("0.000400"),
                1,
                1,
                0));
        runs.add(new Run(
                "333333333331",
                INITECH,
                Instant.parse("2026-03-15T11:59:00Z"),
                "OK",
                new BigDecimal("0.020000"),
                55,
                0,
                0));
        runs.add(new Run(
                "222222222221",
                GLOBEX,
                Instant.parse("2026-02-20T00:00:00Z"),
                "FAILED",
                new BigDecimal("0.005000"),
                3,
                3,
                0)); // last month

        quotas.add(new Quota(
                "111111111111",
                ACME,
                "ec2",
                "L-1216C47A",
                "Running On-Demand instances",
                100,
                50,
                Instant.parse("2026-03-15T10:00:00Z")));
        quotas.add(new Quota(
                "111111111111",
                ACME,
                "ec2",
                "L-1216C47A",
                "Running On-Demand instances",
                100,
                92,
                Instant.parse("2026-03-15T11:00:00Z")));
        quotas.add(new Quota(
                "333333333331",
                INITECH,
                "lambda",
                "L-B99A9384",
                "Concurrent executions",
                1000,
                950,
                Instant.parse("2026-03-15T10:00:00Z")));
        quotas.add(new Quota(
                "333333333331",
                INITECH,
                "lambda",
                "L-B99A9384",
                "Concurrent executions",
                1000,
                400,
                Instant.parse("2026-03-15T11:00:00Z")));
        quotas.add(new Quota(
                "444444444441",
                HOSTILE,
                "s3",
                "L-DC2B2D3D",
                "Buckets",
                100,
                85,
                Instant.parse("2026-03-15T11:00:00Z")));

        alerts.add(new Alert(
                "a-1",
                "noisy",
                ACME,
                "111111111111",
                "errors/Lambda",
                "critical",
                "open",
                Instant.parse("2026-03-15T08:00:00Z"),
                Instant.parse("2026-03-15T11:00:00Z"),
                null,
                99.5,
                null,
                "{\"metric\":\"Errors\",\"value\":1200,\"cohort_p99\":40}"));
        alerts.add(new Alert(
                "a-2",
                "quota",
                ACME,
                "111111111111",
                "ec2/L-1216C47A",
                "warn",
                "open",
                Instant.parse("2026-03-14T08:00:00Z"),
                Instant.parse("2026-03-15T11:00:00Z"),
                null,
                0,
                Instant.parse("2026-03-20T00:00:00Z"),
                "{\"utilisation\":0.92}"));
        alerts.add(new Alert(
                "a-3",
                "noisy",
                GLOBEX,
                "222222222221",
                "throttles/DynamoDB",
                "warn",
                "closed",
                Instant.parse("2026-03-10T08:00:00Z"),
                Instant.parse("2026-03-12T08:00:00Z"),
                Instant.parse("2026-03-12T08:00:00Z"),
                95,
                null,
                "{}"));
        alerts.add(new Alert(
                "a-4",
                "quota",
                INITECH,
                "333333333331",
                "lambda/L-B99A9384",
                "critical",
                "closed",
                Instant.parse("2026-01-20T08:00:00Z"),
                Instant.parse("2026-02-01T08:00:00Z"),
                Instant.parse("2026-02-01T08:00:00Z"),
                0,
                null,
                "{}"));
        alerts.add(new Alert(
                "a-5",
                "noisy",
                HOSTILE,
                "444444444441",
                "'; SELECT * FROM alerts --",
                "warn",
                "open",
                Instant.parse("2026-03-15T09:00:00Z"),
                Instant.parse("2026-03-15T09:30:00Z"),
                null,
                91,
                null,
                "not json: <b>" + HOSTILE));
        alerts.add(new Alert(
                "a-6",
                "quota",
                HOSTILE,
                "444444444441",
                "s3/L-DC2B2D3D",
                "warn",
                "open",
                Instant.parse("2026-03-15T09:00:00Z"),
                Instant.parse("2026-03-15T09:30:00Z"),
                null,
                0,
                Instant.parse("2026-06-01T00:00:00Z"),
                "{\"utilisation\":0.85}"));
        alerts.add(new Alert(
                "a-7",
                "cost",
                ACME,
                "111111111111",
                "AWS Lambda",
                "warn",
                "open",
                Instant.parse("2026-03-14T06:00:00Z"),
                Instant.parse("2026-03-14T06:00:00Z"),
                null,
                41.5,
                null,
                "acme 111111111111 AWS Lambda on 2026-03-14: 41.50 USD (estimated), expected 0.00..22.00"));
    }

    static boolean isRestated(Cost c) {
        return c.tenant().equals(ACME)
                && c.account().equals("111111111111")
                && c.day().equals(LocalDate.of(2026, 2, 10))
                && c.service().equals("AmazonEC2");
    }

    /** The latest version of each account (ReplacingMergeTree semantics, computed in Java). */
    List<Account> accounts() {
        return accountRows.stream()
                .collect(Collectors.toMap(
                        Account::id,
                        Function.identity(),
                        (x, y) -> x.version() >= y.version() ? x : y,
                        LinkedHashMap::new))
                .values()
                .stream()
                .sorted(Comparator.comparing(Account::id))
                .toList();
    }

    List<Cost> effectiveCosts() {
        return List.copyOf(costRows.stream()
                .collect(Collectors.toMap(
                        Cost::key,
                        Function.identity(),
                        (x, y) -> x.version() >= y.version() ? x : y,
                        LinkedHashMap::new))
                .values());
    }

    void insertInto(ClickHouseSql sql) {
        insert(
                sql,
                "accounts",
                accountRows.stream()
                        .map(a -> row(
                                "account_id",
                                a.id(),
                                "tenant_id",
                                a.tenant(),
                                "tier",
                                "standard",
                                "environment",
                                "prod",
                                "status",
                                a.status(),
                                "observability",
                                a.observability(),
                                "unobservable_reason",
                                a.reason(),
                                "joined_at",
                                ts(a.joined()),
                                "last_collected_at",
                                ts(a.lastCollected()),
                                "version",
                                a.version()))
                        .toList());
        insert(
                sql,
                "cost_daily",
                costRows.stream()
                        .map(c -> row(
                                "tenant_id",
                                c.tenant(),
                                "account_id",
                                c.account(),
                                "day",
                                c.day().toString(),
                                "service",
                                c.service(),
                                "category",
                                c.category(),
                                "baseline_component",
                                c.component(),
                                "amount",
                                c.amount(),
                                "currency",
                                USD,
                                "estimated",
                                c.estimated(),
                                "version",
                                c.version()))
                        .toList());
        CostMonthly.rebuildAll(sql); // what the sink does for the tenant-months its daily rows touch
        insert(
                sql,
                "cost_month_close",
                frozenFeb.stream()
                        .map(c -> row(
                                "tenant_id",
                                c.tenant(),
                                "account_id",
                                c.account(),
                                "day",
                                c.day().toString(),
                                "service",
                                c.service(),
                                "category",
                                c.category(),
                                "baseline_component",
                                c.component(),
                                "amount",
                                c.amount(),
                                "currency",
                                USD,
                                "estimated",
                                0,
                                "version",
                                1,
                                "month",
                                "2026-02-01",
                                "frozen_version",
                                1,
                                "frozen_at",
                                "2026-03-03 00:00:00.000"))
                        .toList());
        insert(
                sql,
                "cost_restatements",
                List.of(row(
                        "tenant_id",
                        ACME,
                        "account_id",
                        "111111111111",
                        "month",
                        "2026-02-01",
                        "day",
                        "2026-02-10",
                        "service",
                        "AmazonEC2",
                        "frozen_version",
                        1,
                        "frozen_amount",
                        restatedFrozen(),
                        "current_amount",
                        restatedFrozen().add(new BigDecimal("7.5")),
                        "delta",
                        new BigDecimal("7.500000"),
                        "currency",
                        USD,
                        "detected_at",
                        "2026-03-05 06:00:00.000",
                        "version",
                        1)));
        insert(
                sql,
                "collector_runs",
                runs.stream()
                        .map(r -> row(
                                "account_id",
                                r.account(),
                                "tenant_id",
                                r.tenant(),
                                "collector_id",
                                "c-1",
                                "started_at",
                                ts(r.started()),
                                "duration_ms",
                                1200,
                                "status",
                                r.status(),
                                "reason",
                                "",
                                "calls",
                                r.calls(),
                                "errors",
                                r.errors(),
                                "throttles",
                                r.throttles(),
                                "api_spend",
                                r.spend(),
                                "currency",
                                USD,
                                "version",
                                1))
                        .toList());
        insert(
                sql,
                "quota_usage",
                quotas.stream()
                        .map(q -> row(
                                "account_id",
                                q.account(),
                                "tenant_id",
                                q.tenant(),
                                "region",
                                "eu-west-1",
                                "service_code",
                                q.service(),
                                "quota_code",
                                q.code(),
                                "quota_name",
                                q.name(),
                                "quota_value",
                                q.value(),
                                "usage",
                                q.usage(),
                                "utilisation",
                                q.utilisation(),
                                "ts",
                                ts(q.ts()).substring(0, 19),
                                "version",
                                1))
                        .toList());
        insert(
                sql,
                "alerts",
                alerts.stream()
                        .map(a -> row(
                                "alert_id",
                                a.id(),
                                "kind",
                                a.kind(),
                                "tenant_id",
                                a.tenant(),
                                "account_id",
                                a.account(),
                                "subject",
                                a.subject(),
                                "severity",
                                a.severity(),
                                "state",
                                a.state(),
                                "opened_at",
                                ts(a.opened()),
                                "updated_at",
                                ts(a.updated()),
                                "closed_at",
                                ts(a.closed()),
                                "value",
                                1.0,
                                "expected_low",
                                0.0,
                                "expected_high",
                                1.0,
                                "cohort_percentile",
                                a.cohortPercentile(),
                                "threshold",
                                0.8,
                                "forecast_exhaustion_at",
                                ts(a.forecast()),
                                "evidence",
                                a.evidence(),
                                "version",
                                1))
                        .toList());
    }

    BigDecimal restatedFrozen() {
        return frozenFeb.stream()
                .filter(Fixture::isRestated)
                .findFirst()
                .orElseThrow()
                .amount();
    }

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    static String ts(Instant i) {
        return i == null ? null : TS.format(i);
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void insert(ClickHouseSql sql, String table, List<Map<String, Object>> rows) {
        ObjectMapper json = new ObjectMapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Map<String, Object> r : rows) {
                out.write(json.writeValueAsBytes(r));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sql.insert(
                table, List.copyOf(rows.get(0).keySet()), "JSONEachRow", new ByteArrayInputStream(out.toByteArray()));
    }
}
