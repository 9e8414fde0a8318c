-- Every cost basis and Cost Explorer's record type (issue 11). `amount` stays the unblended amount (what the
-- invoice shows, line by line); the other bases sit beside it. The category gains 'credit', 'refund', 'tax',
-- 'commitment_fee' and 'support' beside 'workload' and 'baseline'.
--
-- record_type joins each table's sort key, and a column added to a sort key by ALTER cannot have a default: old
-- rows would read '' while the streams application now writes 'Usage' for the same line — two rows, counted twice.
-- So each table is rebuilt: the new table, the old rows copied in as record type 'Usage' with every basis equal to
-- `amount` (before this, every basis was the same amount), then renamed into place. Copies keep their version, so
-- a re-run of the INSERT after a failure is deduplicated by the ReplacingMergeTree. The defaults keep writers that
-- name only the V001 columns working (record type Usage, every basis = amount).

CREATE TABLE IF NOT EXISTS cost_daily_v003
(
    tenant_id            String,
    account_id           String,
    day                  Date,
    service              LowCardinality(String),
    record_type          LowCardinality(String) DEFAULT 'Usage',   -- Cost Explorer's RECORD_TYPE: Usage, Credit, Tax, ...
    category             LowCardinality(String),   -- workload / baseline / credit / refund / tax / commitment_fee / support
    baseline_component   LowCardinality(String),   -- '' except for baseline
    amount               Decimal(18, 6),           -- unblended
    net_unblended_amount Decimal(18, 6) DEFAULT amount,
    amortized_amount     Decimal(18, 6) DEFAULT amount,
    net_amortized_amount Decimal(18, 6) DEFAULT amount,
    blended_amount       Decimal(18, 6) DEFAULT amount,
    currency             LowCardinality(String),
    estimated            UInt8,
    version              UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (tenant_id, day, account_id, service, category, baseline_component, currency, record_type);

INSERT INTO cost_daily_v003
SELECT tenant_id, account_id, day, service, 'Usage', category, baseline_component, amount, amount, amount, amount,
       amount, currency, estimated, version
FROM cost_daily;

RENAME TABLE cost_daily TO cost_daily_before_v003;
RENAME TABLE cost_daily_v003 TO cost_daily;
DROP TABLE IF EXISTS cost_daily_before_v003;

CREATE TABLE IF NOT EXISTS cost_month_close_v003
(
    tenant_id            String,
    account_id           String,
    day                  Date,
    service              LowCardinality(String),
    record_type          LowCardinality(String) DEFAULT 'Usage',
    category             LowCardinality(String),
    baseline_component   LowCardinality(String),
    amount               Decimal(18, 6),
    net_unblended_amount Decimal(18, 6) DEFAULT amount,
    amortized_amount     Decimal(18, 6) DEFAULT amount,
    net_amortized_amount Decimal(18, 6) DEFAULT amount,
    blended_amount       Decimal(18, 6) DEFAULT amount,
    currency             LowCardinality(String),
    estimated            UInt8,
    version              UInt64,
    month                Date,
    frozen_version       UInt32,
    frozen_at            DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, month, account_id, service, day, category, baseline_component, currency, record_type);

INSERT INTO cost_month_close_v003
SELECT tenant_id, account_id, day, service, 'Usage', category, baseline_component, amount, amount, amount, amount,
       amount, currency, estimated, version, month, frozen_version, frozen_at
FROM cost_month_close;

RENAME TABLE cost_month_close TO cost_month_close_before_v003;
RENAME TABLE cost_month_close_v003 TO cost_month_close;
DROP TABLE IF EXISTS cost_month_close_before_v003;

-- frozen_amount, current_amount and delta stay unblended; the frozen and current amounts under the other bases
-- follow. Rows before this had no category column: they were usage, read here as 'workload'.
CREATE TABLE IF NOT EXISTS cost_restatements_v003
(
    tenant_id                    String,
    account_id                   String,
    month                        Date,
    day                          Date,
    service                      LowCardinality(String),
    record_type                  LowCardinality(String) DEFAULT 'Usage',
    category                     LowCardinality(String) DEFAULT 'workload',
    frozen_version               UInt32,
    frozen_amount                Decimal(18, 6),
    current_amount               Decimal(18, 6),
    delta                        Decimal(18, 6),
    frozen_net_unblended_amount  Decimal(18, 6) DEFAULT frozen_amount,
    current_net_unblended_amount Decimal(18, 6) DEFAULT current_amount,
    frozen_amortized_amount      Decimal(18, 6) DEFAULT frozen_amount,
    current_amortized_amount     Decimal(18, 6) DEFAULT current_amount,
    frozen_net_amortized_amount  Decimal(18, 6) DEFAULT frozen_amount,
    current_net_amortized_amount Decimal(18, 6) DEFAULT current_amount,
    frozen_blended_amount        Decimal(18, 6) DEFAULT frozen_amount,
    current_blended_amount       Decimal(18, 6) DEFAULT current_amount,
    currency                     LowCardinality(String),
    detected_at                  DateTime64(3, 'UTC'),
    version                      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, month, account_id, service, day, record_type, category);

INSERT INTO cost_restatements_v003
SELECT tenant_id, account_id, month, day, service, 'Usage', 'workload', frozen_version, frozen_amount, current_amount,
       delta, frozen_amount, current_amount, frozen_amount, current_amount, frozen_amount, current_amount,
       frozen_amount, current_amount, currency, detected_at, version
FROM cost_restatements;

RENAME TABLE cost_restatements TO cost_restatements_before_v003;
RENAME TABLE cost_restatements_v003 TO cost_restatements;
DROP TABLE IF EXISTS cost_restatements_before_v003;
