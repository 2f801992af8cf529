-- Why: a transaction that NOTIFYs holds the notify queue's lock through its commit, so callbacks
-- written one transaction each commit one at a time (no group commit) and the webhook topped out
-- far below plain INSERTs. The webhook now hands the callbacks that arrive together to this
-- function: one round trip and one commit for the lot. Each callback still runs in its own
-- subtransaction, so one that fails is rolled back alone and reported in its slot; the others
-- are stored.

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
    GRANT EXECUTE ON FUNCTION apply_kaleyra_callbacks(jsonb) TO service_role;
  END IF;
END
$$;
