-- A collector run's API spend is a fraction of a cent (one GetMetricData call for 15 metrics is $0.00015, an
-- AssumeRole is free): at 6 decimals each run's spend was rounded, losing ~$0.004 per account-month in
-- collector_runs sums. 9 decimals hold every price AWS publishes per request. Not part of the sort key, so an
-- in-place type change; existing values keep their 6 decimals.
ALTER TABLE collector_runs MODIFY COLUMN api_spend Decimal(18, 9);
