-- Demo-like data for the dashboard query test: a small fleet (20 tenants, 60 accounts) shaped like what the
-- demo produces, relative to now() so every dashboard's default time range has rows. Statements end with
-- ';' at the end of a line. Fault mix: suspended and unobservable accounts, failed/partial runs, throttles,
-- one noisy tenant (t-007), quotas near exhaustion, a closed month with restatements.

INSERT INTO accounts (account_id, tenant_id, tier, environment, status, observability, unobservable_reason,
                      joined_at, last_collected_at, version)
SELECT
    toString(100000000000 + number),
    concat('t-', leftPad(toString(number % 20 + 1), 3, '0')),
    ['free', 'standard', 'enterprise'][number % 3 + 1],
    ['prod', 'staging'][number % 2 + 1],
    multiIf(number % 29 = 28, 'SUSPENDED', number = 59, 'CLOSED', 'ACTIVE'),
    if(number % 13 = 12, 'UNOBSERVABLE', 'OBSERVABLE'),
    if(number % 13 = 12, 'AccessDenied: sts:AssumeRole on TenantScopeReadOnly', ''),
    now64(3) - toIntervalDay(30 + number),
    if(number % 13 = 12, NULL, now64(3) - toIntervalMinute(number * 2)),
    1
FROM numbers(60);

-- one run per account every 10 minutes for two days
INSERT INTO collector_runs (account_id, tenant_id, collector_id, started_at, duration_ms, status, reason, calls,
                            errors, throttles, api_spend, currency, version)
SELECT
    toString(100000000000 + a),
    concat('t-', leftPad(toString(a % 20 + 1), 3, '0')),
    concat('collector-', toString(a % 2 + 1)),
    now64(3) - toIntervalSecond(k * 600 + a * 7),
    toUInt32(400 + (a * 37 + k * 11) % 1600),
    multiIf(a % 13 = 12, 'UNOBSERVABLE', (a + k) % 50 = 0, 'FAILED', (a + k) % 37 = 0, 'PARTIAL', 'OK'),
    multiIf(a % 13 = 12, 'AccessDenied', (a + k) % 50 = 0, 'timeout', (a + k) % 37 = 0, 'Throttling', ''),
    toUInt32(if(a % 13 = 12, 1, 24 + a % 7)),
    toUInt32(if((a + k) % 50 = 0, 3, 0)),
    toUInt32(if(a % 11 = 0 AND k % 5 = 0, 4, 0)),
    toDecimal64((24 + a % 7) * 0.00001, 6),
    'USD',
    1
FROM (SELECT number AS a FROM numbers(60)) AS accounts_n
CROSS JOIN (SELECT number AS k FROM numbers(288)) AS runs_n;

-- per-tenant rollups: 5-minute windows for a day, hourly windows for a week
INSERT INTO tenant_metrics (tenant_id, window, window_start, namespace, metric, count, sum, max, p50, p90, p99,
                            version)
SELECT
    concat('t-', leftPad(toString(t + 1), 3, '0')),
    w.1,
    toStartOfInterval(now() - toIntervalSecond(i * w.2), INTERVAL 5 MINUTE),
    m.1,
    m.2,
    toUInt64(10 + i % 7),
    (10 + t % 5 + i % 3) * if(t = 6 AND m.2 IN ('Errors', '5XXError', 'errors'), 20, 1) * w.2 / 300,
    20 + t,
    5 + t % 3,
    9 + t % 4,
    15 + t % 5,
    1
FROM (SELECT number AS t FROM numbers(20)) AS tenants_n
CROSS JOIN (SELECT arrayJoin([('5m', 300, 288), ('1h', 3600, 168)]) AS w) AS windows
CROSS JOIN (SELECT number AS i FROM numbers(288)) AS windows_i
CROSS JOIN (SELECT arrayJoin([('AWS/Lambda', 'Invocations'), ('AWS/Lambda', 'Errors'), ('AWS/ApiGateway', '5XXError'),
                              ('tenantscope/logs', 'errors')]) AS m) AS metrics
WHERE i < w.3;

-- daily cost for 45 days: four workload services and six baseline components per account
INSERT INTO cost_daily (tenant_id, account_id, day, service, category, baseline_component, amount, currency,
                        estimated, version)
SELECT
    concat('t-', leftPad(toString(a % 20 + 1), 3, '0')),
    toString(100000000000 + a),
    today() - d,
    s.1,
    s.2,
    s.3,
    toDecimal64(s.4 * (1 + a % 5) * (1 + (d % 7) / 10), 6),
    'USD',
    toUInt8(d < 3),
    1
FROM (SELECT number AS a FROM numbers(60)) AS accounts_n
CROSS JOIN (SELECT number AS d FROM numbers(45)) AS days_n
CROSS JOIN (SELECT arrayJoin([
        ('Amazon Elastic Compute Cloud - Compute', 'workload', '', 4.2),
        ('AWS Lambda', 'workload', '', 1.1),
        ('Amazon Simple Storage Service', 'workload', '', 0.6),
        ('Amazon DynamoDB', 'workload', '', 0.9),
        ('AWS CloudTrail', 'baseline', 'audit', 0.07),
        ('AWS Config', 'baseline', 'compliance', 0.12),
        ('Amazon GuardDuty', 'baseline', 'security', 0.15),
        ('AWS Key Management Service', 'baseline', 'kms', 0.03),
        ('AmazonCloudWatch', 'baseline', 'alarms-and-logs', 0.05),
        ('tenantscope observation', 'baseline', 'observation', 0.004)]) AS s) AS services;

-- last month is closed: its cost frozen at version 1
INSERT INTO cost_month_close (tenant_id, account_id, day, service, category, baseline_component, amount, currency,
                              estimated, version, month, frozen_version, frozen_at)
SELECT tenant_id, account_id, day, service, category, baseline_component, amount, currency, estimated, version,
       toStartOfMonth(day), 1, now64(3) - toIntervalDay(2)
FROM cost_daily FINAL
WHERE toStartOfMonth(day) = toStartOfMonth(today() - toIntervalMonth(1));

-- Cost Explorer restated two days of the closed month for every tenant
INSERT INTO cost_restatements (tenant_id, account_id, month, day, service, frozen_version, frozen_amount,
                               current_amount, delta, currency, detected_at, version)
SELECT tenant_id, account_id, month, day, service, frozen_version, amount, amount + toDecimal64(0.25, 6),
       toDecimal64(0.25, 6), currency, now64(3) - toIntervalHour(3), 1
FROM cost_month_close FINAL
WHERE service = 'Amazon Elastic Compute Cloud - Compute' AND toDayOfMonth(day) IN (27, 28);

-- hourly quota samples for a week, three quotas per account, a few climbing towards their limit
INSERT INTO quota_usage (account_id, tenant_id, service_code, quota_code, quota_name, quota_value, usage,
                         utilisation, ts, version)
SELECT
    toString(100000000000 + a),
    concat('t-', leftPad(toString(a % 20 + 1), 3, '0')),
    q.1,
    q.2,
    q.3,
    q.4,
    q.4 * least(0.99, (0.2 + (a % 6) * 0.1) + if(a % 10 = 3, (168 - h) / 168 * 0.6, 0)) AS used,
    used / q.4,
    toStartOfHour(now()) - toIntervalHour(h),
    1
FROM (SELECT number AS a FROM numbers(60)) AS accounts_n
CROSS JOIN (SELECT number AS h FROM numbers(168)) AS hours_n
CROSS JOIN (SELECT arrayJoin([('lambda', 'L-B99A9384', 'Concurrent executions', 1000.0),
                              ('ec2', 'L-1216C47A', 'Running On-Demand Standard instances', 256.0),
                              ('dynamodb', 'L-F98FE922', 'Table count', 2500.0)]) AS q) AS quotas;

INSERT INTO alerts (alert_id, kind, tenant_id, account_id, subject, severity, state, opened_at, updated_at, closed_at,
                    value, expected_low, expected_high, cohort_percentile, threshold, forecast_exhaustion_at,
                    evidence, version)
VALUES
    ('noisy-t-007-errors', 'noisy', 't-007', '', 'AWS/Lambda Errors', 'critical', 'open',
     now64(3) - toIntervalHour(5), now64(3) - toIntervalMinute(5), NULL, 2400, 80, 160, 0.99, 0, NULL,
     '{"window":"1h","cohort":"standard","zscore":9.1}', 3),
    ('noisy-t-007-5xx', 'noisy', 't-007', '', 'AWS/ApiGateway 5XXError', 'warn', 'open',
     now64(3) - toIntervalHour(4), now64(3) - toIntervalMinute(5), NULL, 610, 20, 90, 0.97, 0, NULL,
     '{"window":"1h","cohort":"standard","zscore":5.2}', 2),
    ('noisy-t-012-invocations', 'noisy', 't-012', '', 'AWS/Lambda Invocations', 'warn', 'closed',
     now64(3) - toIntervalHour(20), now64(3) - toIntervalHour(18), now64(3) - toIntervalHour(18), 900, 100, 400,
     0.95, 0, NULL, '{"window":"1h","history":"7d"}', 4),
    ('quota-100000000003-lambda', 'quota', 't-004', '100000000003', 'lambda L-B99A9384 Concurrent executions',
     'critical', 'open', now64(3) - toIntervalDay(1), now64(3) - toIntervalMinute(30), NULL, 0.93, 0, 0, 0, 0.9,
     now64(3) + toIntervalDay(2), '{"usage":930,"limit":1000}', 5),
    ('quota-100000000013-ec2', 'quota', 't-014', '100000000013', 'ec2 L-1216C47A Running On-Demand Standard instances',
     'warn', 'open', now64(3) - toIntervalHour(10), now64(3) - toIntervalMinute(30), NULL, 0.82, 0, 0, 0, 0.8,
     now64(3) + toIntervalDay(6), '{"usage":210,"limit":256}', 3),
    ('quota-100000000023-dynamodb', 'quota', 't-004', '100000000023', 'dynamodb L-F98FE922 Table count', 'warn',
     'open', now64(3) - toIntervalHour(8), now64(3) - toIntervalMinute(30), NULL, 0.71, 0, 0, 0, 0.8,
     now64(3) + toIntervalDay(20), '{"trend":"+3%/day"}', 2);
