-- Missed-call recovery episodes (customer_call_episodes), kept by the database: per normalised
-- customer number, recomputed at commit whenever a transaction changed that number's customer
-- calls, an answered Click2Call leg to it, or a click-to-call this server started to it. The
-- tables and triggers are in migration 20261202000000; the rules are the contract's
-- (MissedCaller). Current definitions: the migrator re-applies this file whenever it changes.
--
-- How a write reaches the episodes:
--   1. Statement triggers queue the numbers whose episodes may change: on customer_calls (rows the
--      customer-call flush wrote, whatever the leg write behind them), on kaleyra_call_logs
--      (answered Click2Call legs, by callto) and on ivr_calls (ANSWERED click-to-calls, by
--      customer_number; this is how a callback closes an episode before any sync).
--   2. At commit, a deferred constraint trigger first runs the customer-call flush (so that
--      customer_calls is current, and its locks are always taken before ours, whichever trigger
--      fires first), then takes the queue once, locks the numbers, and recomputes their episodes
--      from scratch: a number's history is short, and recomputing it makes the result depend on
--      neither the order nor the grouping of writes.
--
-- Locking: ('episodes', hashtext(number)) advisory keys in the two-int4 key space (apart from the
-- customer-call keys), taken in key order after ('episodes', 0) shared; a flush of over 1000
-- numbers (a rebuild, a bulk load) takes ('episodes', 0) exclusive instead. A second writer of
-- the same number waits for the first to commit; its next statement then sees the first's rows.

-- The lock namespace of the episodes (the first int4 of their advisory keys).
CREATE OR REPLACE FUNCTION customer_call_episode_lock_space()
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT 42248720;
$$;

-- The forms a normalised number may be stored in as a Click2Call callto or a click-to-call's
-- customer_number (what the indexes of migration 20261202000000 are searched by).
CREATE OR REPLACE FUNCTION customer_call_phone_forms(p_caller text)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN p_caller ~ '^[0-9]{10}$'
              THEN ARRAY[p_caller, '0' || p_caller, '91' || p_caller, '+91' || p_caller]
              ELSE ARRAY[p_caller] END;
$$;

/*
 * The events of numbers p_callers, as the contract's MissedCaller orders them: each customer call
 * (rank 0 = a missed call: outcome <> ANSWERED; rank 1 = answered: CALLER_CALLED_AGAIN by
 * answered_by, at its Incoming start_time), and each answered callback (rank 1, CALLED_BACK):
 *   - a click-to-call this server started (ivr_calls, kind click2call) whose status is ANSWERED,
 *     at its start_time, else its updated_at (when the ANSWERED callback was stored), by its agent;
 *   - a Click2Call leg with status ANSWER, at its start_time, by its callfrom, unless it is the
 *     leg of such an ANSWERED click-to-call (kaleyra_call_id = the leg's id): one call, one event.
 */
CREATE OR REPLACE FUNCTION customer_call_recovery_events(p_callers text[])
RETURNS TABLE (caller text, at timestamptz, rank integer, event_id text, customer_number text,
               kind text, agent text)
LANGUAGE sql STABLE
AS $$
  SELECT c.caller, c.start_time, CASE WHEN c.outcome = 'ANSWERED' THEN 1 ELSE 0 END, c.id,
         c.customer_number, CASE WHEN c.outcome = 'ANSWERED' THEN 'CALLER_CALLED_AGAIN' END,
         c.answered_by
  FROM customer_calls c
  WHERE c.caller = ANY(p_callers)
  UNION ALL
  SELECT f.caller, coalesce(i.start_time, i.updated_at), 1, 'ivr:' || i.id::text, NULL,
         'CALLED_BACK', i.agent_number
  FROM unnest(p_callers) AS f(caller)
  JOIN ivr_calls i
    ON i.kind = 'click2call' AND i.customer_number = ANY(customer_call_phone_forms(f.caller))
   AND i.status = 'ANSWERED' AND kaleyra_normalize_phone(i.customer_number) = f.caller
  UNION ALL
  SELECT f.caller, l.start_time, 1, l.id, NULL, 'CALLED_BACK', l.callfrom
  FROM unnest(p_callers) AS f(caller)
  JOIN kaleyra_call_logs l
    ON l.service = 'Click2Call' AND l.callto = ANY(customer_call_phone_forms(f.caller))
   AND l.status = 'ANSWER' AND kaleyra_normalize_phone(l.callto) = f.caller
  WHERE NOT EXISTS (SELECT 1 FROM ivr_calls i
                    WHERE i.kaleyra_call_id = l.id AND i.kind = 'click2call' AND i.status = 'ANSWERED');
$$;

/*
 * The episodes of numbers p_callers, recomputed from their events in time order (at one instant
 * a missed call before a recovering event, then by id): a missed call opens an episode or joins
 * the open one; a recovering event strictly after the open episode's first missed call closes it
 * (recovered_at, recovered_by, recovered_by_agent, seconds_to_recovery = whole seconds, rounded
 * down); any other recovering event changes nothing.
 */
CREATE OR REPLACE FUNCTION customer_call_episodes_of(p_callers text[])
RETURNS SETOF customer_call_episodes
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  e record;
  cur customer_call_episodes;
  open boolean := false;
BEGIN
  FOR e IN
    SELECT v.* FROM customer_call_recovery_events(p_callers) v
    ORDER BY v.caller, v.at, v.rank, v.event_id
  LOOP
    IF open AND e.caller <> cur.caller THEN
      RETURN NEXT cur;
      open := false;
    END IF;
    IF e.rank = 0 THEN
      IF open THEN
        cur.missed_calls := cur.missed_calls + 1;
        cur.last_missed_at := e.at;
      ELSE
        cur := ROW(e.caller, e.at, e.customer_number, 1, e.at, NULL, NULL, NULL, NULL)::customer_call_episodes;
        open := true;
      END IF;
    ELSIF open AND e.at > cur.first_missed_at THEN
      cur.recovered_at := e.at;
      cur.recovered_by := e.kind;
      cur.recovered_by_agent := e.agent;
      cur.seconds_to_recovery := floor(extract(epoch FROM e.at - cur.first_missed_at))::integer;
      RETURN NEXT cur;
      open := false;
    END IF;
  END LOOP;
  IF open THEN
    RETURN NEXT cur;
  END IF;
END
$$;

/*
 * Rewrites the episodes of numbers p_callers as customer_call_episodes_of computes them, touching
 * only rows that differ. The caller holds the numbers' keys (or ('episodes', 0) exclusive).
 */
CREATE OR REPLACE FUNCTION customer_call_episodes_refresh(p_callers text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  fresh customer_call_episodes[];
BEGIN
  fresh := ARRAY(SELECT e FROM customer_call_episodes_of(p_callers) e);
  DELETE FROM customer_call_episodes e
  WHERE e.caller = ANY(p_callers)
    AND NOT EXISTS (SELECT 1 FROM unnest(fresh) f WHERE f IS NOT DISTINCT FROM e);
  INSERT INTO customer_call_episodes
  SELECT f.* FROM unnest(fresh) f
  WHERE NOT EXISTS (SELECT 1 FROM customer_call_episodes e
                    WHERE e.caller = f.caller AND e.first_missed_at = f.first_missed_at)
  ORDER BY f.caller, f.first_missed_at;
END
$$;

-- Takes the keys of numbers p_callers (see the top of this file) and rewrites their episodes, 5,000
-- numbers at a time.
CREATE OR REPLACE FUNCTION customer_call_episodes_update(p_callers text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  space CONSTANT integer := customer_call_episode_lock_space();
  sorted text[];
  i integer := 1;
BEGIN
  sorted := ARRAY(SELECT DISTINCT c FROM unnest(p_callers) AS c WHERE c IS NOT NULL ORDER BY 1);
  IF cardinality(sorted) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(sorted) > 1000 THEN
    PERFORM pg_advisory_xact_lock(space, 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(space, 0);
    PERFORM pg_advisory_xact_lock(space, k)
    FROM (SELECT DISTINCT hashtext(c) AS k FROM unnest(sorted) AS c ORDER BY 1) s;
  END IF;
  WHILE i <= cardinality(sorted) LOOP
    PERFORM customer_call_episodes_refresh(sorted[i:i + 4999]);
    i := i + 5000;
  END LOOP;
END
$$;

-- At commit: the customer calls first (see the top of this file), then the queued numbers, once.
CREATE OR REPLACE FUNCTION customer_call_episode_flush_pending()
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  callers text[];
BEGIN
  PERFORM customer_call_flush_pending();
  WITH taken AS (
    DELETE FROM customer_call_episode_pending p WHERE p.xid = pg_current_xact_id()
    RETURNING p.callers
  )
  SELECT array_agg(c) INTO callers FROM taken t CROSS JOIN LATERAL unnest(t.callers) AS c;
  IF callers IS NOT NULL THEN
    PERFORM customer_call_episodes_update(callers);
  END IF;
END
$$;

-- Fires at commit once per queued row; the first firing takes the whole queue, the rest find it empty.
CREATE OR REPLACE FUNCTION customer_call_episode_flush()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  PERFORM customer_call_episode_flush_pending();
  RETURN NULL;
END
$$;

-- Queues p_callers for the commit-time flush (nothing when there are none).
CREATE OR REPLACE FUNCTION customer_call_episode_enqueue(p_callers text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  IF cardinality(p_callers) > 0 THEN
    INSERT INTO customer_call_episode_pending (callers) VALUES (p_callers);
  END IF;
END
$$;

/*
 * Statement triggers on customer_calls: the numbers of the calls a statement inserted or deleted,
 * and of those it updated in what episodes read (number, start, outcome, answering agent).
 */
CREATE OR REPLACE FUNCTION customer_call_episode_queue_calls()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM customer_call_episode_enqueue(ARRAY(SELECT DISTINCT n.caller FROM new_calls n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM customer_call_episode_enqueue(ARRAY(SELECT DISTINCT o.caller FROM old_calls o));
  ELSE
    PERFORM customer_call_episode_enqueue(ARRAY(
      SELECT DISTINCT x.caller
      FROM new_calls n
      JOIN old_calls o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.caller), (o.caller)) AS x(caller)
      WHERE (n.caller, n.customer_number, n.start_time, n.outcome, n.answered_by)
            IS DISTINCT FROM (o.caller, o.customer_number, o.start_time, o.outcome, o.answered_by)));
  END IF;
  RETURN NULL;
END
$$;

/*
 * Statement triggers on kaleyra_call_logs: the numbers called by Click2Call legs with status ANSWER
 * that a statement wrote (either version, for an update that changed what episodes read). Other
 * legs reach the episodes through customer_calls.
 */
CREATE OR REPLACE FUNCTION customer_call_episode_queue_legs()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM customer_call_episode_enqueue(ARRAY(
      SELECT DISTINCT kaleyra_normalize_phone(n.callto) FROM new_legs n
      WHERE n.service = 'Click2Call' AND n.status = 'ANSWER'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM customer_call_episode_enqueue(ARRAY(
      SELECT DISTINCT kaleyra_normalize_phone(o.callto) FROM old_legs o
      WHERE o.service = 'Click2Call' AND o.status = 'ANSWER'));
  ELSE
    PERFORM customer_call_episode_enqueue(ARRAY(
      SELECT DISTINCT kaleyra_normalize_phone(x.callto)
      FROM new_legs n
      JOIN old_legs o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.service, n.status, n.callto), (o.service, o.status, o.callto))
        AS x(service, status, callto)
      WHERE x.service = 'Click2Call' AND x.status = 'ANSWER'
        AND (n.service, n.status, n.callto, n.callfrom, n.start_time)
            IS DISTINCT FROM (o.service, o.status, o.callto, o.callfrom, o.start_time)));
  END IF;
  RETURN NULL;
END
$$;

/*
 * Statement triggers on ivr_calls: the numbers of click-to-calls that are or were ANSWERED whose
 * event changed (status, number, agent, Kaleyra's id, start_time, or updated_at while start_time
 * is unknown). This is how an ANSWERED callback closes an episode at once.
 */
CREATE OR REPLACE FUNCTION customer_call_episode_queue_ivr()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM customer_call_episode_enqueue(ARRAY(
      SELECT DISTINCT kaleyra_normalize_phone(n.customer_number) FROM new_ivr n
      WHERE n.kind = 'click2call' AND n.status = 'ANSWERED'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM customer_call_episode_enqueue(ARRAY(
      SELECT DISTINCT kaleyra_normalize_phone(o.customer_number) FROM old_ivr o
      WHERE o.kind = 'click2call' AND o.status = 'ANSWERED'));
  ELSE
    PERFORM customer_call_episode_enqueue(ARRAY(
      SELECT DISTINCT kaleyra_normalize_phone(x.customer_number)
      FROM new_ivr n
      JOIN old_ivr o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.kind, n.status, n.customer_number), (o.kind, o.status, o.customer_number))
        AS x(kind, status, customer_number)
      WHERE x.kind = 'click2call' AND x.status = 'ANSWERED'
        AND (n.kind, n.status, n.customer_number, n.agent_number, n.kaleyra_call_id, n.start_time,
             CASE WHEN n.start_time IS NULL THEN n.updated_at END)
            IS DISTINCT FROM
            (o.kind, o.status, o.customer_number, o.agent_number, o.kaleyra_call_id, o.start_time,
             CASE WHEN o.start_time IS NULL THEN o.updated_at END)));
  END IF;
  RETURN NULL;
END
$$;

-- TRUNCATE of customer_calls (the legs were truncated): no missed calls are left, so no episodes.
CREATE OR REPLACE FUNCTION customer_call_episode_truncate()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  DELETE FROM customer_call_episode_pending p WHERE p.xid = pg_current_xact_id();
  TRUNCATE customer_call_episodes;
  RETURN NULL;
END
$$;

/*
 * Rebuilds every episode from customer_calls, the Click2Call legs and ivr_calls (after writes
 * that bypassed the triggers, or a change to the rules). rebuild_customer_calls needs no call of
 * this: rewriting every customer call queues every number. Returns the number of episodes.
 */
CREATE OR REPLACE FUNCTION rebuild_customer_call_episodes()
RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  PERFORM customer_call_flush_pending();
  DELETE FROM customer_call_episode_pending p WHERE p.xid = pg_current_xact_id();
  PERFORM pg_advisory_xact_lock(customer_call_episode_lock_space(), 0);
  DELETE FROM customer_call_episodes;
  PERFORM customer_call_episodes_update(ARRAY(SELECT DISTINCT c.caller FROM customer_calls c));
  UPDATE customer_call_episode_state SET built_at = now();
  RETURN (SELECT count(*)::integer FROM customer_call_episodes);
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      customer_call_episode_lock_space(),
      customer_call_phone_forms(text),
      customer_call_recovery_events(text[]),
      customer_call_episodes_of(text[]),
      customer_call_episodes_refresh(text[]),
      customer_call_episodes_update(text[]),
      customer_call_episode_flush_pending(),
      customer_call_episode_flush(),
      customer_call_episode_enqueue(text[]),
      customer_call_episode_queue_calls(),
      customer_call_episode_queue_legs(),
      customer_call_episode_queue_ivr(),
      customer_call_episode_truncate(),
      rebuild_customer_call_episodes()
    TO service_role;
  END IF;
END
$$;

-- Builds the episodes once when migration 20261202000000 left customer_call_episode_state.built_at
-- NULL: that migration cannot, as the functions it needs live here and are applied after it.
SELECT rebuild_customer_call_episodes() FROM customer_call_episode_state WHERE built_at IS NULL;
