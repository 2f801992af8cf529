-- Why: Kaleyra's callback for a call this server started must update ivr_calls exactly once per
-- real change, whatever the order and number of deliveries, and every server instance must hear
-- about it. apply_kaleyra_callback does the find-or-create, the merge rules and the NOTIFY in one
-- transaction, so an accepted callback is either fully stored and announced, or not at all.

-- How far a call has got; a delivery never moves a call to a lower rank.
CREATE OR REPLACE FUNCTION ivr_status_rank(p_status text)
RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE p_status
    WHEN 'INITIATED' THEN 0
    WHEN 'FAILED' THEN 1
    WHEN 'MISSED' THEN 2
    WHEN 'BUSY' THEN 2
    WHEN 'CANCELLED' THEN 2
    WHEN 'ANSWERED' THEN 3
    ELSE 0
  END;
$$;

-- The CallStatusEvent payload for a row, as subscribers receive it.
CREATE OR REPLACE FUNCTION ivr_call_event(r ivr_calls, p_received_at timestamptz)
RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT jsonb_build_object(
    'ivrCallId', r.id,
    'kaleyraCallId', r.kaleyra_call_id,
    'kind', r.kind,
    'caller', coalesce(r.agent_number, ''),
    'receiver', r.customer_number,
    'agentName', r.agent_name,
    'status', r.status,
    'kaleyraStatus', coalesce(r.kaleyra_status, r.status),
    'duration', r.duration,
    'billsec', r.billsec,
    'startTime', r.start_time,
    'endTime', r.end_time,
    'recordingUrl', r.recording_url,
    'receivedAt', p_received_at);
$$;

-- Announces a row on the call_status_changed channel (delivered at commit, to every listener).
CREATE OR REPLACE FUNCTION notify_ivr_call(r ivr_calls, p_received_at timestamptz)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  ev jsonb := ivr_call_event(r, p_received_at);
BEGIN
  PERFORM pg_notify('call_status_changed', ev::text);
  RETURN ev;
END
$$;

CREATE OR REPLACE FUNCTION create_ivr_call(
  p_kind text, p_customer_number text, p_agent_number text, p_agent_name text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  r ivr_calls;
BEGIN
  INSERT INTO ivr_calls (kind, customer_number, agent_number, agent_name)
  VALUES (p_kind, p_customer_number, p_agent_number, p_agent_name)
  RETURNING * INTO r;
  RETURN jsonb_build_object('call', to_jsonb(r), 'event', notify_ivr_call(r, now()));
END
$$;

-- After Kaleyra answered an initiate: store its id, or mark the call FAILED with the reason.
CREATE OR REPLACE FUNCTION settle_ivr_call_start(
  p_id uuid, p_kaleyra_call_id text, p_failure_reason text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  r ivr_calls;
  ev jsonb;
BEGIN
  IF p_failure_reason IS NULL THEN
    UPDATE ivr_calls SET kaleyra_call_id = coalesce(kaleyra_call_id, p_kaleyra_call_id), updated_at = now()
    WHERE id = p_id RETURNING * INTO r;
  ELSE
    -- Only an INITIATED call fails here: a callback may already have reported the real outcome.
    UPDATE ivr_calls
    SET status = CASE WHEN status = 'INITIATED' THEN 'FAILED' ELSE status END,
        failure_reason = p_failure_reason, updated_at = now()
    WHERE id = p_id RETURNING * INTO r;
    IF FOUND AND r.status = 'FAILED' THEN
      ev := notify_ivr_call(r, now());
    END IF;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ivr call % not found', p_id USING ERRCODE = 'no_data_found';
  END IF;
  RETURN jsonb_build_object('call', to_jsonb(r), 'event', ev);
END
$$;

/*
 * Applies one callback delivery. The row is found by our id, else by Kaleyra's id, else created.
 * A delivery whose status ranks above the stored one moves the call on: its non-blank fields win.
 * Any other delivery (a duplicate, a stale or out-of-order one) may only fill blank fields, so the
 * first final outcome stands. Nothing changed → no write, no event (duplicates cost nothing).
 * Returns { call, changed, event }.
 */
CREATE OR REPLACE FUNCTION apply_kaleyra_callback(
  p_ivr_call_id uuid, p_kaleyra_call_id text, p_caller text, p_receiver text,
  p_status text, p_kaleyra_status text, p_duration integer, p_billsec integer,
  p_recording_url text, p_start_time timestamptz, p_end_time timestamptz, p_received_at timestamptz)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  r ivr_calls;
  n ivr_calls;
  fresh boolean;
  attempt integer := 0;
BEGIN
  LOOP
    attempt := attempt + 1;
    IF p_ivr_call_id IS NOT NULL THEN
      SELECT * INTO r FROM ivr_calls WHERE id = p_ivr_call_id FOR UPDATE;
    END IF;
    IF r.id IS NULL AND p_kaleyra_call_id IS NOT NULL THEN
      SELECT * INTO r FROM ivr_calls WHERE kaleyra_call_id = p_kaleyra_call_id FOR UPDATE;
    END IF;
    EXIT WHEN r.id IS NOT NULL;
    -- A call we did not start (or whose row is gone): keep it, as click-to-call legs are.
    INSERT INTO ivr_calls (id, kaleyra_call_id, kind, customer_number, agent_number, status, kaleyra_status,
                           duration, billsec, recording_url, start_time, end_time)
    VALUES (coalesce(p_ivr_call_id, gen_random_uuid()), p_kaleyra_call_id, 'click2call',
            coalesce(p_receiver, p_caller), CASE WHEN p_receiver IS NULL THEN NULL ELSE p_caller END,
            p_status, p_kaleyra_status, p_duration, p_billsec, p_recording_url, p_start_time, p_end_time)
    ON CONFLICT DO NOTHING
    RETURNING * INTO r;
    IF r.id IS NOT NULL THEN
      RETURN jsonb_build_object('call', to_jsonb(r), 'changed', true, 'event', notify_ivr_call(r, p_received_at));
    END IF;
    -- A concurrent delivery created it first: go round and update that row.
    IF attempt >= 3 THEN
      RAISE EXCEPTION 'could not find or create the ivr call for callback %', coalesce(p_ivr_call_id::text, p_kaleyra_call_id);
    END IF;
  END LOOP;

  fresh := ivr_status_rank(p_status) > ivr_status_rank(r.status);
  n := r;
  IF fresh THEN
    n.status := p_status;
    n.kaleyra_status := coalesce(p_kaleyra_status, r.kaleyra_status);
    n.duration := coalesce(p_duration, r.duration);
    n.billsec := coalesce(p_billsec, r.billsec);
    n.recording_url := coalesce(p_recording_url, r.recording_url);
    n.start_time := coalesce(p_start_time, r.start_time);
    n.end_time := coalesce(p_end_time, r.end_time);
  ELSE
    n.kaleyra_status := coalesce(r.kaleyra_status, p_kaleyra_status);
    n.duration := coalesce(r.duration, p_duration);
    n.billsec := coalesce(r.billsec, p_billsec);
    n.recording_url := coalesce(r.recording_url, p_recording_url);
    n.start_time := coalesce(r.start_time, p_start_time);
    n.end_time := coalesce(r.end_time, p_end_time);
  END IF;
  n.kaleyra_call_id := coalesce(r.kaleyra_call_id, p_kaleyra_call_id);
  n.agent_number := coalesce(r.agent_number, CASE WHEN p_receiver IS NULL THEN NULL ELSE p_caller END);

  IF (n.status, n.kaleyra_status, n.duration, n.billsec, n.recording_url, n.start_time, n.end_time,
      n.kaleyra_call_id, n.agent_number)
     IS NOT DISTINCT FROM
     (r.status, r.kaleyra_status, r.duration, r.billsec, r.recording_url, r.start_time, r.end_time,
      r.kaleyra_call_id, r.agent_number) THEN
    RETURN jsonb_build_object('call', to_jsonb(r), 'changed', false, 'event', NULL);
  END IF;

  UPDATE ivr_calls SET
    status = n.status, kaleyra_status = n.kaleyra_status, duration = n.duration, billsec = n.billsec,
    recording_url = n.recording_url, start_time = n.start_time, end_time = n.end_time,
    kaleyra_call_id = n.kaleyra_call_id, agent_number = n.agent_number, updated_at = now()
  WHERE id = r.id
  RETURNING * INTO n;
  RETURN jsonb_build_object('call', to_jsonb(n), 'changed', true, 'event', notify_ivr_call(n, p_received_at));
END
$$;

-- Calls still INITIATED whose Click2Call leg has reached kaleyra_call_logs (a lost callback).
CREATE OR REPLACE FUNCTION ivr_calls_to_reconcile()
RETURNS TABLE (ivr_call_id uuid, leg jsonb)
LANGUAGE sql STABLE
AS $$
  SELECT c.id, to_jsonb(l)
  FROM ivr_calls c
  JOIN kaleyra_call_logs l ON l.id = c.kaleyra_call_id
  WHERE c.status = 'INITIATED'
  ORDER BY c.created_at;
$$;

-- One secret shared by every instance for the callback URL, unless KALEYRA_CALLBACK_TOKEN is set.
CREATE TABLE app_secrets (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE app_secrets ENABLE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION get_or_create_secret(p_name text, p_candidate text)
RETURNS text
LANGUAGE sql VOLATILE
AS $$
  WITH ins AS (
    INSERT INTO app_secrets (name, value) VALUES (p_name, p_candidate)
    ON CONFLICT (name) DO NOTHING
    RETURNING value
  )
  SELECT value FROM ins
  UNION ALL
  SELECT value FROM app_secrets WHERE name = p_name
  LIMIT 1;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY app_secrets_service_role_all ON app_secrets
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT ON app_secrets TO service_role;
    GRANT EXECUTE ON FUNCTION
      ivr_status_rank(text),
      ivr_call_event(ivr_calls, timestamptz),
      notify_ivr_call(ivr_calls, timestamptz),
      create_ivr_call(text, text, text, text),
      settle_ivr_call_start(uuid, text, text),
      apply_kaleyra_callback(uuid, text, text, text, text, text, integer, integer, text, timestamptz, timestamptz, timestamptz),
      ivr_calls_to_reconcile(),
      get_or_create_secret(text, text)
    TO service_role;
  END IF;
END
$$;
