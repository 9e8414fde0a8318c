package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.schema.CostColumns;
import dev.tenantscope.model.events.CostBasis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The FOCUS 1.2 view of cost_daily (FinOps Open Cost and Usage Specification, Cost and Usage dataset): one row per
 * stored cost row, its FOCUS columns computed by the engine, tenantscope's own dimensions as {@code x_} columns.
 *
 * <p>Cost metrics: BilledCost is the net unblended amount (what is invoiced, after discounts, without amortizing
 * upfront fees), EffectiveCost the net amortized amount (after discounts and with commitments amortized), ListCost and
 * ContractedCost the unblended amount (tenantscope keeps no public on-demand or negotiated unit prices: Cost Explorer
 * answers costs, not prices). x_BasisCost is the cost under the asked {@code basis}. ChargeCategory follows the
 * record type: usage → Usage, credits → Credit, tax → Tax, Savings Plan / RI and support fees → Purchase, refunds →
 * Usage with ChargeClass "Correction". Known gaps: BillingAccountId repeats the linked account (the payer account id
 * is not stored yet); PricingQuantity and PricingUnit are null (Cost Explorer lines carry no usage quantity here).
 */
final class FocusExport {
    /** One exported column: its FOCUS name, FOCUS data type, whether FOCUS allows nulls, and its SQL expression. */
    record Column(String name, String focusType, boolean nullable, String sql) {}

    static final String PROVIDER = "AWS";
    static final String INVOICE_ISSUER = "Amazon Web Services, Inc.";

    /** AWS service names (as Cost Explorer's SERVICE dimension spells them) → FOCUS ServiceCategory. */
    static final Map<String, String> SERVICE_CATEGORIES = serviceCategories();

    private static Map<String, String> serviceCategories() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : List.of(
                "Amazon Elastic Compute Cloud - Compute",
                "Amazon EC2",
                "AmazonEC2",
                "EC2 - Other",
                "AWS Lambda",
                "Amazon Elastic Container Service",
                "Amazon Elastic Kubernetes Service",
                "AWS Fargate",
                "Savings Plans for AWS Compute usage")) {
            m.put(s, "Compute");
        }
        for (String s : List.of(
                "Amazon Simple Storage Service",
                "Amazon S3",
                "AmazonS3",
                "Amazon Elastic Block Store",
                "Amazon Elastic File System",
                "AWS Backup")) {
            m.put(s, "Storage");
        }
        for (String s : List.of(
                "Amazon Relational Database Service",
                "Amazon RDS",
                "Amazon DynamoDB",
                "Amazon ElastiCache",
                "Amazon Aurora")) {
            m.put(s, "Databases");
        }
        for (String s : List.of(
                "AWS CloudTrail",
                "AWS Config",
                "AmazonCloudWatch",
                "Amazon CloudWatch",
                "AWS Systems Manager",
                "AWS Cost Explorer",
                "tenantscope collector")) {
            m.put(s, "Management and Governance");
        }
        for (String s : List.of(
                "Amazon GuardDuty", "AWS Key Management Service", "AWS Security Hub", "AWS WAF", "Amazon Inspector")) {
            m.put(s, "Security");
        }
        for (String s : List.of(
                "Amazon Virtual Private Cloud",
                "Amazon CloudFront",
                "Amazon Route 53",
                "Elastic Load Balancing",
                "AWS Data Transfer")) {
            m.put(s, "Networking");
        }
        m.put("AWS Identity and Access Management", "Identity");
        m.put("Amazon Simple Queue Service", "Integration");
        m.put("Amazon Simple Notification Service", "Integration");
        m.put("Amazon Kinesis", "Analytics");
        m.put("Amazon Athena", "Analytics");
        m.put("Amazon SageMaker", "AI and Machine Learning");
        m.put("Amazon Bedrock", "AI and Machine Learning");
        return Map.copyOf(m);
    }

    private static final String CHARGE_CATEGORY = "multiIf(category = 'tax', 'Tax', category = 'credit', 'Credit',"
            + " category IN ('commitment_fee', 'support'), 'Purchase', 'Usage')";

    /** The FOCUS columns, then the x_ columns; {@code %s} in an expression is the asked basis's amount column. */
    static final List<Column> COLUMNS = List.of(
            new Column("BilledCost", "Decimal", false, "net_unblended_amount"),
            new Column("BillingAccountId", "String", false, "account_id"),
            new Column("BillingAccountName", "String", true, "CAST(NULL AS Nullable(String))"),
            new Column("BillingCurrency", "String", false, "toString(currency)"),
            new Column("BillingPeriodEnd", "DateTime", false, "toDateTime(addMonths(toStartOfMonth(day), 1), 'UTC')"),
            new Column("BillingPeriodStart", "DateTime", false, "toDateTime(toStartOfMonth(day), 'UTC')"),
            new Column("ChargeCategory", "String", false, CHARGE_CATEGORY),
            new Column(
                    "ChargeClass",
                    "String",
                    true,
                    "if(category = 'refund', 'Correction', CAST(NULL AS Nullable(String)))"),
            new Column(
                    "ChargeDescription",
                    "String",
                    true,
                    "CAST(concat(toString(record_type), ': ', toString(service)) AS Nullable(String))"),
            new Column(
                    "ChargeFrequency",
                    "String",
                    false,
                    "multiIf(category IN ('commitment_fee', 'support'), 'Recurring', category IN ('workload',"
                            + " 'baseline'), 'Usage-Based', 'One-Time')"),
            new Column("ChargePeriodEnd", "DateTime", false, "toDateTime(day + 1, 'UTC')"),
            new Column("ChargePeriodStart", "DateTime", false, "toDateTime(day, 'UTC')"),
            new Column("ContractedCost", "Decimal", false, "amount"),
            new Column("EffectiveCost", "Decimal", false, "net_amortized_amount"),
            new Column("InvoiceIssuerName", "String", false, "'" + INVOICE_ISSUER + "'"),
            new Column("ListCost", "Decimal", false, "amount"),
            new Column("PricingQuantity", "Decimal", true, "CAST(NULL AS Nullable(Decimal(18, 6)))"),
            new Column("PricingUnit", "String", true, "CAST(NULL AS Nullable(String))"),
            new Column("ProviderName", "String", false, "'" + PROVIDER + "'"),
            new Column("PublisherName", "String", false, "'" + PROVIDER + "'"),
            new Column(
                    "ServiceCategory",
                    "String",
                    false,
                    "transform(toString(service), {focusServices:Array(String)}, {focusCategories:Array(String)},"
                            + " 'Other')"),
            new Column("ServiceName", "String", false, "toString(service)"),
            new Column("SubAccountId", "String", true, "CAST(account_id AS Nullable(String))"),
            new Column("SubAccountName", "String", true, "CAST(NULL AS Nullable(String))"),
            new Column("x_TenantId", "String", false, "tenant_id"),
            new Column("x_BaselineComponent", "String", false, "toString(baseline_component)"),
            new Column("x_CostCategory", "String", false, "toString(category)"),
            new Column("x_RecordType", "String", false, "toString(record_type)"),
            new Column("x_Basis", "String", false, "{basis:String}"),
            new Column("x_BasisCost", "Decimal", false, "%s"),
            new Column("x_Estimated", "Boolean", false, "estimated = 1"));

    static List<String> names() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    /** The export's SELECT for one tenant scope and a day range, in cost_daily's sort-key order. */
    static String select(CostBasis basis) {
        String list = COLUMNS.stream()
                .map(c -> c.sql().replace("%s", CostColumns.amount(basis)) + " AS " + c.name())
                .collect(Collectors.joining(",\n       "));
        return "SELECT " + list + "\nFROM cost_daily FINAL\nWHERE day >= {from:Date} AND day <= {to:Date} AND " + SCOPE
                + " AND ({tenant:String} = '' OR tenant_id = {tenant:String})"
                + "\nORDER BY tenant_id, day, account_id, service, category, baseline_component, currency, record_type";
    }

    /** The query parameters FOCUS adds: the asked basis and the service → category table. */
    static void params(Map<String, String> p, CostBasis basis) {
        p.put("basis", basis.apiName());
        p.put(
                "focusServices",
                ClickHouseSql.stringArray(
                        SERVICE_CATEGORIES.keySet().stream().sorted().toList()));
        p.put(
                "focusCategories",
                ClickHouseSql.stringArray(SERVICE_CATEGORIES.keySet().stream()
                        .sorted()
                        .map(SERVICE_CATEGORIES::get)
                        .toList()));
    }

    private FocusExport() {}
}
