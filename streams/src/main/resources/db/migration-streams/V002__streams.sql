-- Proposed by the streams module; to be integrated into clickhouse/src/main/resources/db/migration.
--
-- 1. quota_usage has no region: the same quota code in two regions of one account collides on the
--    ReplacingMergeTree key. A column added in the same ALTER may be appended to the sorting key.
ALTER TABLE quota_usage
    ADD COLUMN IF NOT EXISTS region LowCardinality(String) DEFAULT '' AFTER tenant_id,
    MODIFY ORDER BY (account_id, service_code, quota_code, ts, region);

-- 2. cost_daily is keyed (tenant_id, day, account_id, service). The topology emits one row per
--    (tenant, account, day, service, category, baseline_component, currency): with usage-type baseline rules
--    one service can have a baseline and a workload row on the same day, and those collapse into one under
--    the V001 key. Existing columns cannot be added to a sorting key by ALTER, so this needs the V001
--    definition changed (unreleased) to:
--      ORDER BY (tenant_id, day, account_id, service, category, baseline_component, currency)
--    and the same for cost_month_close (… service, day, category, baseline_component, currency).
--    With the default rules (class by service) no two categories share a service, so V001 is exact there.

-- 3. Optional: the per tenant/account/day summary topic (tenantscope.tenant.cost.daily.summary) is not sunk;
--    the same figures come from cost_daily:
--      SELECT tenant_id, account_id, day,
--             sum(amount) AS total,
--             sumIf(amount, category = 'workload') AS workload,
--             sumIf(amount, category = 'baseline') AS baseline,
--             if(total = 0, 0, baseline / total) AS baseline_share
--      FROM cost_daily FINAL GROUP BY tenant_id, account_id, day;
