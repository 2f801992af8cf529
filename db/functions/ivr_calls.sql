-- Calls this server starts (ivr_calls): how far a call got, its CallStatusEvent payload, creating
-- one before Kaleyra is called and settling it with Kaleyra's answer, and finding the calls whose
-- callback never came.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

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

-- Inserts a call this server is about to start (INITIATED); returns { call, event }. Every event
-- returned here was also added to call_status_outbox in the same transaction.
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
  RETURN jsonb_build_object('call', to_jsonb(r), 'event', enqueue_call_status_event(ivr_call_event(r, now())));
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
      ev := enqueue_call_status_event(ivr_call_event(r, now()));
    END IF;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ivr call % not found', p_id USING ERRCODE = 'no_data_found';
  END IF;
  RETURN jsonb_build_object('call', to_jsonb(r), 'event', ev);
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

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      ivr_status_rank(text),
      ivr_call_event(ivr_calls, timestamptz),
      create_ivr_call(text, text, text, text),
      settle_ivr_call_start(uuid, text, text),
      ivr_calls_to_reconcile()
    TO service_role;
  END IF;
END
$$;
