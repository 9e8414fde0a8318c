CREATE TABLE IF NOT EXISTS mig_failing_ok (x UInt8) ENGINE = MergeTree ORDER BY x;
