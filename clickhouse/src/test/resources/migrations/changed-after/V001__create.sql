CREATE TABLE IF NOT EXISTS mig_changed (x UInt8, y UInt8) ENGINE = MergeTree ORDER BY x;
