-- cost_monthly: cost_daily summed per tenant, month, service, category and currency, under every basis (issue 14).
-- A tenant's 13 months by service read about 400 rows here instead of ~12,000 rows over 13 partitions of
-- cost_daily (measured over 120 M cost rows: 9 ms → 2 ms for one query, SELECT 1 0.7 ms).
--
-- It is never summed incrementally: a restated day would be counted twice. Each row is recomputed from
-- cost_daily FINAL (the sink does it for the tenant-months a batch touched, before it commits the batch's offsets:
-- dev.tenantscope.clickhouse.schema.CostMonthly), so it always equals what cost_daily holds. `last_day` is the
-- latest day with a cost_daily row, so a reader knows whether a range ending mid-month still covers the month.
-- `version` is the sum of the versions of the cost_daily rows it sums: cost_daily rows are never deleted and each
-- change raises a row's version, so a recomputation that saw a later state has a larger version and wins, even when
-- two sink instances recompute the same tenant-month at once. Granules of 1024 rows: a tenant's months sit in one.
-- A read costs per part (measured over 4.5 M rows: 7 parts 5.4 ms, 1 part 2.7 ms), and the sink adds a small part
-- per flush, so parts that have all been there 10 minutes are merged even where the merge policy would wait: the
-- whole table (about 60 bytes a row) rewritten at most every 10 minutes.
CREATE TABLE IF NOT EXISTS cost_monthly
(
    tenant_id            String,
    month                Date,
    service              LowCardinality(String),
    category             LowCardinality(String),
    currency             LowCardinality(String),
    amount               Decimal(18, 6),
    net_unblended_amount Decimal(18, 6),
    amortized_amount     Decimal(18, 6),
    net_amortized_amount Decimal(18, 6),
    blended_amount       Decimal(18, 6),
    last_day             Date,
    version              UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, month, service, category, currency)
SETTINGS index_granularity = 1024, min_age_to_force_merge_seconds = 600;

-- What the sink would have written for the cost already in cost_daily.
INSERT INTO cost_monthly
SELECT tenant_id, toStartOfMonth(day) AS month, service, category, currency,
       sum(amount), sum(net_unblended_amount), sum(amortized_amount), sum(net_amortized_amount), sum(blended_amount),
       max(day), sum(version)
FROM cost_daily FINAL
GROUP BY tenant_id, month, service, category, currency
SETTINGS do_not_merge_across_partitions_select_final = 1;
