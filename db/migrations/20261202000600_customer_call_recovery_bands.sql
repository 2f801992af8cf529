-- Why: customer_call_recovery_rollup (migration 20261202000500) kept a row per IST day and hour to
-- recovery, so a day held as many rows as its recovered episodes had distinct hours: about 30 at
-- 100k legs, 138 at 1M, and recoverySummary's 30-day read summed 4.5 times the rows for 10 times
-- the legs (1.75 the time; issue 13's target is 1.2, BENCHMARKS.md). The buckets become 28 bands
-- between fixed boundaries in hours that grow about geometrically from 1 to 720
--   1 2 3 4 6 8 10 12 16 20 24 30 36 48 60 72 96 120 144 168 216 264 336 408 504 600 720
-- (band k: more than the k-th boundary and at most the next; 0: at most 1 hour; 27: over 720
-- hours; -1 still open as before), so that a day holds at most 29 rows whatever the traffic.
-- recoveredWithin for a withinHours that is no boundary, and the median, read the one band that
-- holds the answer through the index below, exactly.
-- The band expression is written out here because the index cannot call a function of
-- db/functions/ (applied after the migrations); customer_call_recovery_band in
-- db/functions/customer_call_recovery.sql is the same expression, so that the planner matches it.
-- The rollup is rebuilt there, with the episodes, by resetting built_at below: a write between
-- this migration and that file would still add hour buckets.

TRUNCATE customer_call_recovery_rollup;

ALTER TABLE customer_call_recovery_rollup
  DROP CONSTRAINT customer_call_recovery_rollup_bucket_check,
  ADD CONSTRAINT customer_call_recovery_rollup_bucket_check CHECK (bucket BETWEEN -1 AND 27);

-- The recovered episodes of one band in a range, with their seconds (the median's band, and
-- recoveredWithin's when withinHours falls inside one).
DROP INDEX customer_call_episodes_recovery_bucket_idx;
CREATE INDEX customer_call_episodes_recovery_bucket_idx
  ON customer_call_episodes (
    width_bucket((seconds_to_recovery + 3599) / 3600 - 1,
                 '{1,2,3,4,6,8,10,12,16,20,24,30,36,48,60,72,96,120,144,168,216,264,336,408,504,600,720}'::integer[]),
    first_missed_at)
  INCLUDE (seconds_to_recovery)
  WHERE seconds_to_recovery IS NOT NULL;

UPDATE customer_call_episode_state SET built_at = NULL;
