-- tenantscope initial schema.
-- Every table is a ReplacingMergeTree on a version column, keyed by the fact's identity, so a replay
-- after a crash or a restated cost replaces a row instead of adding one. Read with FINAL or argMax.

CREATE TABLE IF NOT EXISTS accounts
(
    account_id          String,
    tenant_id           String,
    tier                LowCardinality(String),
    environment         LowCardinality(String),
    status              LowCardinality(String),   -- ACTIVE / SUSPENDED / CLOSED
    observability       LowCardinality(String),   -- OBSERVABLE / UNOBSERVABLE / UNKNOWN
    unobservable_reason String,
    joined_at           DateTime64(3, 'UTC'),
    last_collected_at   Nullable(DateTime64(3, 'UTC')),
    version             UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY account_id;

CREATE TABLE IF NOT EXISTS collector_runs
(
    account_id   String,
    tenant_id    String,
    collector_id String,
    started_at   DateTime64(3, 'UTC'),
    duration_ms  UInt32,
    status       LowCardinality(String),   -- OK / PARTIAL / UNOBSERVABLE / FAILED
    reason       String,
    calls        UInt32,
    errors       UInt32,
    throttles    UInt32,
    api_spend    Decimal(18, 6),
    currency     LowCardinality(String),
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, started_at);

CREATE TABLE IF NOT EXISTS tenant_metrics
(
    tenant_id    String,
    window       LowCardinality(String),   -- '5m' / '1h'
    window_start DateTime('UTC'),
    namespace    LowCardinality(String),
    metric       LowCardinality(String),
    count        UInt64,
    sum          Float64,
    max          Float64,
    p50          Float64,
    p90          Float64,
    p99          Float64,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, window, namespace, metric, window_start);

CREATE TABLE IF NOT EXISTS cost_daily
(
    tenant_id          String,
    account_id         String,
    day                Date,
    service            LowCardinality(String),
    category           LowCardinality(String),   -- 'workload' / 'baseline'
    baseline_component LowCardinality(String),   -- '' for workload
    amount             Decimal(18, 6),
    currency           LowCardinality(String),
    estimated          UInt8,
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (tenant_id, day, account_id, service, category, baseline_component, currency);

-- the frozen snapshot of a closed month: cost_daily's columns plus the freeze
CREATE TABLE IF NOT EXISTS cost_month_close
(
    tenant_id          String,
    account_id         String,
    day                Date,
    service            LowCardinality(String),
    category           LowCardinality(String),
    baseline_component LowCardinality(String),
    amount             Decimal(18, 6),
    currency           LowCardinality(String),
    estimated          UInt8,
    version            UInt64,
    month              Date,
    frozen_version     UInt32,
    frozen_at          DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, month, account_id, service, day, category, baseline_component, currency);

CREATE TABLE IF NOT EXISTS cost_restatements
(
    tenant_id      String,
    account_id     String,
    month          Date,
    day            Date,
    service        LowCardinality(String),
    frozen_version UInt32,
    frozen_amount  Decimal(18, 6),
    current_amount Decimal(18, 6),
    delta          Decimal(18, 6),
    currency       LowCardinality(String),
    detected_at    DateTime64(3, 'UTC'),
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, month, account_id, service, day);

CREATE TABLE IF NOT EXISTS quota_usage
(
    account_id   String,
    tenant_id    String,
    region       LowCardinality(String),
    service_code LowCardinality(String),
    quota_code   String,
    quota_name   String,
    quota_value  Float64,
    usage        Float64,
    utilisation  Float64,
    ts           DateTime('UTC'),
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, region, service_code, quota_code, ts);

CREATE TABLE IF NOT EXISTS alerts
(
    alert_id               String,
    kind                   LowCardinality(String),   -- 'noisy' / 'quota'
    tenant_id              String,
    account_id             String,
    subject                String,
    severity               LowCardinality(String),   -- 'warn' / 'critical'
    state                  LowCardinality(String),   -- 'open' / 'closed'
    opened_at              DateTime64(3, 'UTC'),
    updated_at             DateTime64(3, 'UTC'),
    closed_at              Nullable(DateTime64(3, 'UTC')),
    value                  Float64,
    expected_low           Float64,
    expected_high          Float64,
    cohort_percentile      Float64,
    threshold              Float64,
    forecast_exhaustion_at Nullable(DateTime64(3, 'UTC')),
    evidence               String,
    version                UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, alert_id);
