-- Rollups are per region and say whether the window was complete when emitted (issue 12). Rows written before
-- this keep region '' (every region of the tenant) and complete 0 (final by stream time, not by collection).
-- The sort key may only grow by a column added in the same statement, at its end: ReplacingMergeTree keeps one row
-- per (tenant, window, namespace, metric, window_start, region). A column added to the sort key may not have a
-- default expression: both columns take their type's default ('' and 0).
ALTER TABLE tenant_metrics
    ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER window_start,
    ADD COLUMN IF NOT EXISTS complete UInt8 AFTER p99,
    MODIFY ORDER BY (tenant_id, window, namespace, metric, window_start, region);
