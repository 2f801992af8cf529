-- The sync writes pages of legs through these, so both adapters (pg, supabase-js rpc) upsert the
-- same way.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

/*
 * Upserts one page of legs given as one array per column (cheap to parse; the pg adapter calls it
 * directly). Inserts new legs, updates changed ones, leaves unchanged rows untouched (no dead
 * tuples, synced_at kept), the last occurrence of an id in a batch wins; returns (inserted,
 * updated). Unchanged legs are dropped before the INSERT by a read-only primary-key probe, so they
 * are neither rewritten nor locked (ON CONFLICT DO UPDATE locks before it evaluates its WHERE);
 * ON CONFLICT stays as the safety net for concurrent writers.
 */
-- parent_id came as a 15th column (migration 20261201000002): the 14-column signature goes.
DROP FUNCTION IF EXISTS upsert_kaleyra_call_log_columns(text[], text[], text[], text[], timestamptz[],
  timestamptz[], integer[], integer[], text[], text[], text[], text[], text[], text[]);

CREATE OR REPLACE FUNCTION upsert_kaleyra_call_log_columns(
  p_id text[], p_uniqid text[], p_callfrom text[], p_callto text[],
  p_start_time timestamptz[], p_end_time timestamptz[], p_duration integer[], p_billsec integer[],
  p_status text[], p_location text[], p_provider text[], p_service text[],
  p_caller_id text[], p_recording text[], p_parent_id text[])
RETURNS TABLE (inserted integer, updated integer)
LANGUAGE sql VOLATILE
AS $$
  WITH input AS (
    -- The last occurrence of an id in a batch wins (ON CONFLICT cannot touch a row twice).
    SELECT DISTINCT ON (r.id) r.*
    FROM unnest(p_id, p_uniqid, p_callfrom, p_callto, p_start_time, p_end_time, p_duration, p_billsec,
                p_status, p_location, p_provider, p_service, p_caller_id, p_recording, p_parent_id)
         WITH ORDINALITY
         AS r(id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
              provider, service, caller_id, recording, parent_id, ord)
    ORDER BY r.id, r.ord DESC
  ), changed AS (
    -- LATERAL ... LIMIT 1 keeps this a primary-key probe per input row whatever the table's size
    -- estimate (a hash join would scan the whole table for every page).
    SELECT i.*
    FROM input i
    LEFT JOIN LATERAL (SELECT c.* FROM kaleyra_call_logs c WHERE c.id = i.id LIMIT 1) c ON true
    WHERE c.id IS NULL
       OR (c.uniqid, c.callfrom, c.callto, c.start_time, c.end_time, c.duration, c.billsec, c.status,
           c.location, c.provider, c.service, c.caller_id, c.recording, c.parent_id)
          IS DISTINCT FROM
          (i.uniqid, i.callfrom, i.callto, i.start_time, i.end_time, i.duration, i.billsec, i.status,
           i.location, i.provider, i.service, i.caller_id, i.recording, i.parent_id)
  ), written AS (
    INSERT INTO kaleyra_call_logs AS t
      (id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
       provider, service, caller_id, recording, parent_id, synced_at)
    SELECT id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
           provider, service, caller_id, recording, parent_id, now()
    FROM changed
    ON CONFLICT (id) DO UPDATE SET
      uniqid = EXCLUDED.uniqid, callfrom = EXCLUDED.callfrom, callto = EXCLUDED.callto,
      start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, duration = EXCLUDED.duration,
      billsec = EXCLUDED.billsec, status = EXCLUDED.status, location = EXCLUDED.location,
      provider = EXCLUDED.provider, service = EXCLUDED.service, caller_id = EXCLUDED.caller_id,
      recording = EXCLUDED.recording, parent_id = EXCLUDED.parent_id, synced_at = EXCLUDED.synced_at
    WHERE (t.uniqid, t.callfrom, t.callto, t.start_time, t.end_time, t.duration, t.billsec, t.status,
           t.location, t.provider, t.service, t.caller_id, t.recording, t.parent_id)
      IS DISTINCT FROM
          (EXCLUDED.uniqid, EXCLUDED.callfrom, EXCLUDED.callto, EXCLUDED.start_time, EXCLUDED.end_time,
           EXCLUDED.duration, EXCLUDED.billsec, EXCLUDED.status, EXCLUDED.location, EXCLUDED.provider,
           EXCLUDED.service, EXCLUDED.caller_id, EXCLUDED.recording, EXCLUDED.parent_id)
    RETURNING (xmax = 0) AS is_insert
  )
  SELECT (count(*) FILTER (WHERE is_insert))::integer, (count(*) FILTER (WHERE NOT is_insert))::integer
  FROM written;
$$;

-- The same upsert for supabase-js (PostgREST rpc): the page as one jsonb array of legs, handed to
-- upsert_kaleyra_call_log_columns, so both adapters share one implementation. A leg without a
-- parent_id key is stored with parent_id NULL.
CREATE OR REPLACE FUNCTION upsert_kaleyra_call_logs(p_rows jsonb)
RETURNS TABLE (inserted integer, updated integer)
LANGUAGE sql VOLATILE
AS $$
  SELECT u.inserted, u.updated
  FROM (
    SELECT array_agg(r.id ORDER BY r.ord) AS id, array_agg(r.uniqid ORDER BY r.ord) AS uniqid,
           array_agg(r.callfrom ORDER BY r.ord) AS callfrom, array_agg(r.callto ORDER BY r.ord) AS callto,
           array_agg(r.start_time ORDER BY r.ord) AS start_time, array_agg(r.end_time ORDER BY r.ord) AS end_time,
           array_agg(r.duration ORDER BY r.ord) AS duration, array_agg(r.billsec ORDER BY r.ord) AS billsec,
           array_agg(r.status ORDER BY r.ord) AS status, array_agg(r.location ORDER BY r.ord) AS location,
           array_agg(r.provider ORDER BY r.ord) AS provider, array_agg(r.service ORDER BY r.ord) AS service,
           array_agg(r.caller_id ORDER BY r.ord) AS caller_id, array_agg(r.recording ORDER BY r.ord) AS recording,
           array_agg(r.parent_id ORDER BY r.ord) AS parent_id
    FROM ROWS FROM (jsonb_to_recordset(p_rows) AS (
           id text, uniqid text, callfrom text, callto text, start_time timestamptz, end_time timestamptz,
           duration integer, billsec integer, status text, location text, provider text, service text,
           caller_id text, recording text, parent_id text)) WITH ORDINALITY
         AS r(id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
              provider, service, caller_id, recording, parent_id, ord)
  ) a
  CROSS JOIN LATERAL upsert_kaleyra_call_log_columns(
    a.id, a.uniqid, a.callfrom, a.callto, a.start_time, a.end_time, a.duration, a.billsec,
    a.status, a.location, a.provider, a.service, a.caller_id, a.recording, a.parent_id) u;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      upsert_kaleyra_call_log_columns(text[], text[], text[], text[], timestamptz[], timestamptz[], integer[], integer[], text[], text[], text[], text[], text[], text[], text[]),
      upsert_kaleyra_call_logs(jsonb)
    TO service_role;
  END IF;
END
$$;
