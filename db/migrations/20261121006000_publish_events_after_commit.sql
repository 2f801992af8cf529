-- Why: a transaction that NOTIFYs holds Postgres's notify-queue lock through its commit, so
-- callback writes committed one at a time (no group commit), and each notification was its own
-- queue entry. The writes now only return their event; the server publishes the events after the
-- commit (CallStatusFeed.announce: one NOTIFY per batch of events, their JSON array as payload).
-- What changes for a reader: an event is published just after its row is committed rather than
-- at the commit itself, so a process that dies in between loses that live event (never the row;
-- dashboards re-read on reconnect). Bodies below are those of 20261121000006 with
-- notify_ivr_call(...) replaced by ivr_call_event(...); nothing else differs.

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
  RETURN jsonb_build_object('call', to_jsonb(r), 'event', ivr_call_event(r, now()));
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
      ev := ivr_call_event(r, now());
    END IF;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ivr call % not found', p_id USING ERRCODE = 'no_data_found';
  END IF;
  RETURN jsonb_build_object('call', to_jsonb(r), 'event', ev);
END
$$;

-- Applies one callback delivery: see 20261121000006 for the rules.
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
      RETURN jsonb_build_object('call', to_jsonb(r), 'changed', true, 'event', ivr_call_event(r, p_received_at));
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
  RETURN jsonb_build_object('call', to_jsonb(n), 'changed', true, 'event', ivr_call_event(n, p_received_at));
END
$$;

DROP FUNCTION notify_ivr_call(ivr_calls, timestamptz);
