-- The transactional outbox of live events (table: migration 20261201000001): writers add a call's
-- CallStatusEvent in the transaction that changed the call; every server instance reads the rows
-- committed since its own last read and publishes them to its own subscribers.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).
--
-- Why a reader cannot simply read "id > last id seen": ids are handed out when a row is inserted,
-- not when it commits. A transaction that took id 10 may commit after one that took id 11 has been
-- read, and a reader past 11 would never see 10.
--
-- What a reader does instead (the ticks of Skytools' PgQ): it keeps the snapshot of its last read
-- (`after`, from pg_current_snapshot()) and reads, with a newer snapshot `upto`, the rows whose
-- writing transaction (the xid8 column) is visible in `upto` and not visible in `after`: the
-- transactions that completed between the two snapshots. Then `upto` becomes `after`.
--   * Exactly once: a committed transaction is invisible in every snapshot taken before its commit
--     and visible in every one taken after, so it falls into exactly one (after, upto] step. Rows of
--     a transaction that rolled back are never visible. The step is a fixed set (rows of
--     transactions completed before `upto`), so it can be read in pages of ids.
--   * Nothing is missed or delayed by an unrelated long transaction: it is simply not visible yet,
--     and its rows come in the step in which it completes (a plain "xid < snapshot xmin" horizon
--     would hold every event back until that transaction ended).
--   * In commit order for each call: a write to a call locks its ivr_calls row until commit, and
--     the event row is inserted after that write. So of two events of one call, the later one's
--     transaction inserted its row after the earlier one had committed: it is in the same step or
--     a later one, and within a step it has the higher id (ids only grow). Readers deliver steps in
--     order and each step by id. (Across different calls the order is by step, then id.)
--   * Cheap: xid < xmax(upto) and xid >= xmin(after) bound an index range; pg_current_snapshot()
--     lists only transactions that hold an xid (read-only work never holds a reader back).
-- pg_current_xact_id() is the top-level transaction's id also inside a subtransaction (each
-- callback of a batch runs in one), which is what snapshots list.

-- Adds an event to the outbox in the current transaction and returns it; NULL adds nothing.
CREATE OR REPLACE FUNCTION enqueue_call_status_event(p_event jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  IF p_event IS NOT NULL THEN
    INSERT INTO call_status_outbox (xid, payload) VALUES (pg_current_xact_id(), p_event);
  END IF;
  RETURN p_event;
END
$$;

-- Where a new reader starts: now (the current snapshot, as text). Earlier events are history.
CREATE OR REPLACE FUNCTION call_status_outbox_head()
RETURNS text
LANGUAGE sql STABLE
AS $$
  SELECT pg_current_snapshot()::text;
$$;

/*
 * One page of the events committed after snapshot p_after and before p_upto (NULL: now), with an
 * id above p_after_id, in id order. Returns { upto, events: [{ id, payload }] }: read the next page
 * with the same upto and the last id until a page is short, then continue from p_after = upto.
 */
CREATE OR REPLACE FUNCTION read_call_status_outbox(
  p_after text, p_upto text, p_after_id bigint, p_limit integer)
RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  a pg_snapshot := p_after::pg_snapshot;
  -- STABLE: this is the snapshot the query below reads with, so rows and snapshot agree.
  u pg_snapshot := coalesce(p_upto::pg_snapshot, pg_current_snapshot());
  events jsonb;
BEGIN
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'payload', o.payload) ORDER BY o.id), '[]')
  INTO events
  FROM (
    SELECT id, payload
    FROM call_status_outbox
    WHERE xid >= pg_snapshot_xmin(a) AND xid < pg_snapshot_xmax(u)
      AND NOT pg_visible_in_snapshot(xid, a) AND pg_visible_in_snapshot(xid, u)
      AND id > coalesce(p_after_id, 0)
    ORDER BY id
    LIMIT p_limit
  ) o;
  RETURN jsonb_build_object('upto', u::text, 'events', events);
END
$$;

-- Deletes up to p_limit events older than p_keep_seconds (rows another pruner holds are skipped).
CREATE OR REPLACE FUNCTION prune_call_status_outbox(p_keep_seconds integer, p_limit integer)
RETURNS integer
LANGUAGE sql VOLATILE
AS $$
  WITH old AS (
    SELECT id FROM call_status_outbox
    WHERE created_at < now() - make_interval(secs => p_keep_seconds)
    ORDER BY created_at
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ), gone AS (
    DELETE FROM call_status_outbox o USING old WHERE o.id = old.id RETURNING 1
  )
  SELECT count(*)::integer FROM gone;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      enqueue_call_status_event(jsonb),
      call_status_outbox_head(),
      read_call_status_outbox(text, text, bigint, integer),
      prune_call_status_outbox(integer, integer)
    TO service_role;
  END IF;
END
$$;
