CREATE TABLE IF NOT EXISTS mig_failing_fine (x UInt8) ENGINE = MergeTree ORDER BY x;
-- the second statement names a type ClickHouse does not have
CREATE TABLE IF NOT EXISTS mig_failing_broken (x NoSuchType) ENGINE = MergeTree ORDER BY x;
