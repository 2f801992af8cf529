-- Why: the sync writes pages of legs through one function, so both adapters (pg and supabase-js
-- rpc) upsert the same way: insert new legs, update changed ones, leave unchanged rows untouched
-- (no dead tuples, synced_at kept), and report how many were written. It also keeps which IST days
-- a sync completed (so a re-run of a backfill resumes) and a lease for the supabase-js adapter,
-- which cannot hold a session advisory lock across HTTP requests.

CREATE OR REPLACE FUNCTION upsert_kaleyra_call_logs(p_rows jsonb)
RETURNS TABLE (inserted integer, updated integer)
LANGUAGE sql VOLATILE
AS $$
  WITH input AS (
    -- The last occurrence of an id in a batch wins (ON CONFLICT cannot touch a row twice).
    SELECT DISTINCT ON (r.id) r.*
    FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(value, ord),
         jsonb_to_record(e.value) AS r(
           id text, uniqid text, callfrom text, callto text, start_time timestamptz, end_time timestamptz,
           duration integer, billsec integer, status text, location text, provider text, service text,
           caller_id text, recording text)
    ORDER BY r.id, e.ord DESC
  ), written AS (
    INSERT INTO kaleyra_call_logs AS t
      (id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
       provider, service, caller_id, recording, synced_at)
    SELECT id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
           provider, service, caller_id, recording, now()
    FROM input
    ON CONFLICT (id) DO UPDATE SET
      uniqid = EXCLUDED.uniqid, callfrom = EXCLUDED.callfrom, callto = EXCLUDED.callto,
      start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, duration = EXCLUDED.duration,
      billsec = EXCLUDED.billsec, status = EXCLUDED.status, location = EXCLUDED.location,
      provider = EXCLUDED.provider, service = EXCLUDED.service, caller_id = EXCLUDED.caller_id,
      recording = EXCLUDED.recording, synced_at = EXCLUDED.synced_at
    WHERE (t.uniqid, t.callfrom, t.callto, t.start_time, t.end_time, t.duration, t.billsec, t.status,
           t.location, t.provider, t.service, t.caller_id, t.recording)
      IS DISTINCT FROM
          (EXCLUDED.uniqid, EXCLUDED.callfrom, EXCLUDED.callto, EXCLUDED.start_time, EXCLUDED.end_time,
           EXCLUDED.duration, EXCLUDED.billsec, EXCLUDED.status, EXCLUDED.location, EXCLUDED.provider,
           EXCLUDED.service, EXCLUDED.caller_id, EXCLUDED.recording)
    RETURNING (xmax = 0) AS is_insert
  )
  SELECT (count(*) FILTER (WHERE is_insert))::integer, (count(*) FILTER (WHERE NOT is_insert))::integer
  FROM written;
$$;

-- One row per IST day that a sync fetched completely.
CREATE TABLE kaleyra_sync_days (
  day          date PRIMARY KEY,
  completed_at timestamptz NOT NULL,
  fetched      integer NOT NULL,
  upserted     integer NOT NULL,
  skipped      integer NOT NULL
);

CREATE OR REPLACE FUNCTION mark_kaleyra_sync_day(p_day date, p_fetched integer, p_upserted integer, p_skipped integer)
RETURNS void
LANGUAGE sql VOLATILE
AS $$
  INSERT INTO kaleyra_sync_days (day, completed_at, fetched, upserted, skipped)
  VALUES (p_day, now(), p_fetched, p_upserted, p_skipped)
  ON CONFLICT (day) DO UPDATE
    SET completed_at = now(), fetched = EXCLUDED.fetched, upserted = EXCLUDED.upserted, skipped = EXCLUDED.skipped;
$$;

-- Days of [p_from, p_to] that were completed at least p_settle after they ended (IST): Kaleyra
-- will not add legs to them any more, so a re-run can skip them.
CREATE OR REPLACE FUNCTION settled_kaleyra_sync_days(p_from date, p_to date, p_settle interval)
RETURNS TABLE (day text)
LANGUAGE sql STABLE
AS $$
  SELECT to_char(d.day, 'YYYY-MM-DD')
  FROM kaleyra_sync_days d
  WHERE d.day BETWEEN p_from AND p_to
    AND d.completed_at >= ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Kolkata') + p_settle
  ORDER BY d.day;
$$;

-- A lease: one sync at a time across instances when a session advisory lock is not available.
CREATE TABLE sync_leases (
  name        text PRIMARY KEY,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);

CREATE OR REPLACE FUNCTION try_acquire_sync_lease(p_name text, p_holder text, p_ttl_seconds integer)
RETURNS boolean
LANGUAGE sql VOLATILE
AS $$
  WITH taken AS (
    INSERT INTO sync_leases AS l (name, holder, expires_at)
    VALUES (p_name, p_holder, now() + make_interval(secs => p_ttl_seconds))
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE l.expires_at < now() OR l.holder = EXCLUDED.holder
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM taken);
$$;

CREATE OR REPLACE FUNCTION release_sync_lease(p_name text, p_holder text)
RETURNS void
LANGUAGE sql VOLATILE
AS $$
  DELETE FROM sync_leases WHERE name = p_name AND holder = p_holder;
$$;

ALTER TABLE kaleyra_sync_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_leases ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY kaleyra_sync_days_service_role_all ON kaleyra_sync_days
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY sync_leases_service_role_all ON sync_leases
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON kaleyra_sync_days, sync_leases TO service_role;
    GRANT EXECUTE ON FUNCTION
      upsert_kaleyra_call_logs(jsonb),
      mark_kaleyra_sync_day(date, integer, integer, integer),
      settled_kaleyra_sync_days(date, date, interval),
      try_acquire_sync_lease(text, text, integer),
      release_sync_lease(text, text)
    TO service_role;
  END IF;
END
$$;
