-- Kaleyra's callback deliveries applied to ivr_calls, one or a batch per transaction.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

/*
 * Applies one callback delivery. The row is found by our id, else by Kaleyra's id, else created.
 * A delivery whose status ranks above the stored one moves the call on: its non-blank fields win.
 * Any other delivery (a duplicate, a stale or out-of-order one) may only fill blank fields, so the
 * first final outcome stands. Nothing changed -> no write, no event (duplicates cost nothing).
 * Returns { call, changed, event }; the event is also added to call_status_outbox in this
 * transaction, after the row lock was taken (which keeps one call's events in commit order).
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
      RETURN jsonb_build_object('call', to_jsonb(r), 'changed', true, 'event', enqueue_call_status_event(ivr_call_event(r, p_received_at)));
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
  RETURN jsonb_build_object('call', to_jsonb(n), 'changed', true, 'event', enqueue_call_status_event(ivr_call_event(n, p_received_at)));
END
$$;

/*
 * p_callbacks: a JSON array of { ivrCallId, kaleyraCallId, caller, receiver, status, kaleyraStatus,
 * duration, billsec, recordingUrl, startTime, endTime, receivedAt } (times as ISO 8601).
 * Returns an array of the same length and order: apply_kaleyra_callback's { call, changed, event },
 * or { error, code } for a callback that could not be stored.
 * Rows are locked in one order (by the id the callback names) so concurrent batches cannot
 * deadlock on each other's rows.
 */
CREATE OR REPLACE FUNCTION apply_kaleyra_callbacks(p_callbacks jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  c record;
  results jsonb[] := array_fill(NULL::jsonb, ARRAY[jsonb_array_length(p_callbacks)]);
BEGIN
  FOR c IN
    SELECT t.x, t.ord
    FROM jsonb_array_elements(p_callbacks) WITH ORDINALITY AS t(x, ord)
    ORDER BY coalesce(t.x->>'ivrCallId', t.x->>'kaleyraCallId'), t.ord
  LOOP
    BEGIN
      results[c.ord] := apply_kaleyra_callback(
        (c.x->>'ivrCallId')::uuid, c.x->>'kaleyraCallId', c.x->>'caller', c.x->>'receiver',
        c.x->>'status', c.x->>'kaleyraStatus', (c.x->>'duration')::integer, (c.x->>'billsec')::integer,
        c.x->>'recordingUrl', (c.x->>'startTime')::timestamptz, (c.x->>'endTime')::timestamptz,
        (c.x->>'receivedAt')::timestamptz);
    EXCEPTION WHEN OTHERS THEN
      results[c.ord] := jsonb_build_object('error', SQLERRM, 'code', SQLSTATE);
    END;
  END LOOP;
  RETURN to_jsonb(results);
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      apply_kaleyra_callback(uuid, text, text, text, text, text, integer, integer, text, timestamptz, timestamptz, timestamptz),
      apply_kaleyra_callbacks(jsonb)
    TO service_role;
  END IF;
END
$$;
