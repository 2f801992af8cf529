-- Why: callerSummary counted the distinct numbers of every call in its range and probed each
-- number's earlier calls, so it grew with the calls (13.7× the time for 10× the legs, issue 13;
-- BENCHMARKS.md). This migration keeps, at the same commit-time flush as the episodes and per
-- normalised number:
--   - customer_callers: the IST days on which the number made customer calls, and how many each
--     day (what the flush compares to know what changed);
--   - customer_caller_rollup: the customer calls per IST day by the IST day of the number's
--     previous call (back 1) and, apart, of the one before it (back 2); '-infinity': none. Over
--     whole IST days [A, B): unique callers = calls whose previous call is before A (each
--     number's first call in the range); new = calls with no previous call; repeat = calls whose
--     previous call is in the range less calls whose call before that is too (each number's
--     second call in the range). A day holds a row per earlier day its calls point at (at most
--     two per day of history), not a row per call.
-- The functions live in db/functions/customer_call_recovery.sql. Both tables are built there,
-- with the episodes, by resetting customer_call_episode_state.built_at below.

CREATE TABLE customer_callers (
  caller  text PRIMARY KEY,     -- kaleyra_normalize_phone(callfrom), as customer_calls.caller
  days    date[]    NOT NULL,   -- IST days with a customer call from the number, ascending
  calls   integer[] NOT NULL    -- the number's customer calls on each of those days
);

CREATE TABLE customer_caller_rollup (
  day       date     NOT NULL,  -- IST day of the calls
  back      smallint NOT NULL CHECK (back IN (1, 2)),  -- 1: the previous call; 2: the one before
  prev_day  date     NOT NULL,  -- IST day of that call; '-infinity': none
  calls     bigint   NOT NULL,
  PRIMARY KEY (day, back, prev_day)
) WITH (fillfactor = 70);

ALTER TABLE customer_callers ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_caller_rollup ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY customer_callers_service_role_all ON customer_callers
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_caller_rollup_service_role_all ON customer_caller_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON customer_callers, customer_caller_rollup TO service_role;
  END IF;
END
$$;

-- Backfill: the next application of db/functions/customer_call_recovery.sql rebuilds the episodes,
-- the rollups and these two tables once.
UPDATE customer_call_episode_state SET built_at = NULL;
