-- Per-user call budgets shared by every instance.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- Takes one call from p_key's budget: true when fewer than p_limit calls were taken in the last
-- p_window_seconds (a sliding window: at most p_limit in ANY such window), and the call is recorded;
-- false otherwise, and nothing is recorded (a refused attempt costs nothing).
--
-- A fixed window let a user take twice the budget within seconds across a window boundary. Each
-- row of rate_limits now holds the calls taken at one instant: window_start is that instant (the
-- column keeps its old name so that no table change is needed), hits how many were taken then.
-- Concurrent takes of one key queue on a transaction-scoped advisory lock, so two of them cannot
-- both see room for one; the lock goes with the transaction, also through a transaction pooler.
CREATE OR REPLACE FUNCTION take_rate_limit(p_key text, p_limit integer, p_window_seconds integer)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  taken timestamptz;
  since timestamptz;
  n integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('take_rate_limit:' || p_key, 0));
  -- Read after the lock: another take of this key may just have committed.
  taken := clock_timestamp();
  since := taken - make_interval(secs => p_window_seconds);
  DELETE FROM rate_limits WHERE key = p_key AND window_start <= since;
  SELECT coalesce(sum(hits), 0) INTO n FROM rate_limits WHERE key = p_key;
  IF n >= p_limit THEN
    RETURN false;
  END IF;
  INSERT INTO rate_limits AS r (key, window_start, hits) VALUES (p_key, taken, 1)
  ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1;
  -- Keys nobody uses any more: clear some now and then instead of running a job (no budget's
  -- window is anywhere near a day).
  IF random() < 0.01 THEN
    DELETE FROM rate_limits WHERE window_start < taken - interval '1 day';
  END IF;
  RETURN true;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      take_rate_limit(text, integer, integer)
    TO service_role;
  END IF;
END
$$;
