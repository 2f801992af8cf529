-- Per-user call budgets shared by every instance.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- Counts one hit for p_key in the current fixed window; true while the window's hits <= p_limit.
-- Old windows are cleared now and then instead of by a job.
CREATE OR REPLACE FUNCTION take_rate_limit(p_key text, p_limit integer, p_window_seconds integer)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  w timestamptz := to_timestamp(floor(extract(epoch FROM now()) / p_window_seconds) * p_window_seconds);
  n integer;
BEGIN
  INSERT INTO rate_limits AS r (key, window_start, hits) VALUES (p_key, w, 1)
  ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1
  RETURNING hits INTO n;
  -- Old windows are useless: clear some now and then instead of running a job.
  IF random() < 0.01 THEN
    DELETE FROM rate_limits WHERE window_start < now() - interval '1 hour';
  END IF;
  RETURN n <= p_limit;
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
