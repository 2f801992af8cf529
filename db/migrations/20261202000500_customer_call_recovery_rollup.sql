-- Why: recoverySummary read every episode of its range and sorted their seconds to recovery for
-- the median, so it grew with the episodes (1.51 the time for 10× the legs, target 1.2; issue 13,
-- BENCHMARKS.md). This migration keeps, at the same commit-time flush as the episodes:
--   - customer_call_recovery_rollup: the episodes per IST day of their first missed call by hour
--     bucket of their seconds to recovery: ceil(seconds / 3600), 721 for over 720 hours, -1 for
--     open episodes. recoveredWithin (secondsToRecovery <= withinHours * 3600, withinHours 1..720)
--     is exactly the buckets 0..withinHours, and the counts are sums over the range's days;
--   - an index on the episodes by that bucket and first_missed_at, with the seconds: the median's
--     bucket (found from the rollup's cumulative counts) is then read alone, exactly.
-- The bucket expression is written out here because the index cannot call a function of
-- db/functions/ (applied after the migrations); db/functions/customer_call_recovery.sql uses the
-- same expression. The rollup is built there, with the episodes, by resetting built_at below.

CREATE TABLE customer_call_recovery_rollup (
  day       date     NOT NULL,  -- IST day of the episodes' first missed call
  bucket    smallint NOT NULL CHECK (bucket BETWEEN -1 AND 721),  -- hours to recovery; -1: open
  episodes  bigint   NOT NULL,
  PRIMARY KEY (day, bucket)
) WITH (fillfactor = 70);

-- The recovered episodes of one hour bucket in a range, with their seconds (the median's bucket).
CREATE INDEX customer_call_episodes_recovery_bucket_idx
  ON customer_call_episodes (least((seconds_to_recovery + 3599) / 3600, 721), first_missed_at)
  INCLUDE (seconds_to_recovery)
  WHERE seconds_to_recovery IS NOT NULL;

ALTER TABLE customer_call_recovery_rollup ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY customer_call_recovery_rollup_service_role_all ON customer_call_recovery_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON customer_call_recovery_rollup TO service_role;
  END IF;
END
$$;

-- Backfill: the next application of db/functions/customer_call_recovery.sql rebuilds the episodes,
-- the rollups and this one once.
UPDATE customer_call_episode_state SET built_at = NULL;
