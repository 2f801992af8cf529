-- The rollups of kaleyra_call_logs (kaleyra_call_rollup per IST day x service x status x agent,
-- kaleyra_call_rollup_status without the agent), kept by statement triggers on the legs: each
-- statement queues its deltas, a deferred constraint trigger adds all that the transaction queued
-- once, at commit, in one key order, so writers wait for each other but never deadlock. The
-- tables, type and triggers are in migrations 20261121001000, 001003 and 001004.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- A leg's agent: callto of a CallForward leg, callfrom of a Click2Call leg, '' for other services
-- ('' rather than NULL so that it can be part of the primary key).
CREATE OR REPLACE FUNCTION kaleyra_call_agent(p_service text, p_callfrom text, p_callto text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_service WHEN 'CallForward' THEN p_callto WHEN 'Click2Call' THEN p_callfrom ELSE '' END;
$$;

/*
 * Adds deltas to their buckets in kaleyra_call_rollup, then the same deltas summed per (day,
 * service, status) to kaleyra_call_rollup_status, and deletes buckets that reach zero legs.
 * Buckets are written in key order (always the agent table first), so two transactions adding to
 * overlapping buckets lock them in the same order and wait for each other instead of deadlocking;
 * ON CONFLICT makes concurrent first inserts of a bucket wait and then add, so no count is lost.
 */
CREATE OR REPLACE FUNCTION kaleyra_call_rollup_add(p_deltas kaleyra_call_rollup_delta[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  emptied kaleyra_call_rollup_delta[];
BEGIN
  IF coalesce(cardinality(p_deltas), 0) = 0 THEN
    RETURN;
  END IF;
  WITH written AS (
    INSERT INTO kaleyra_call_rollup AS r (day, service, status, agent, legs, billsec)
    SELECT d.day, d.service, d.status, d.agent, d.legs, d.billsec
    FROM unnest(p_deltas) AS d
    ORDER BY d.day, d.service, d.status, d.agent
    ON CONFLICT (day, service, status, agent) DO UPDATE
      SET legs = r.legs + EXCLUDED.legs, billsec = r.billsec + EXCLUDED.billsec
    RETURNING r.day, r.service, r.status, r.agent, r.legs, r.billsec
  )
  SELECT array_agg(ROW(w.day, w.service, w.status, w.agent, w.legs, w.billsec)::kaleyra_call_rollup_delta)
  INTO emptied
  FROM written w
  WHERE w.legs = 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM kaleyra_call_rollup r
    USING unnest(emptied) AS e
    WHERE r.day = e.day AND r.service = e.service AND r.status = e.status AND r.agent = e.agent
      AND r.legs = 0;
  END IF;

  WITH written AS (
    INSERT INTO kaleyra_call_rollup_status AS s (day, service, status, legs)
    SELECT d.day, d.service, d.status, sum(d.legs)
    FROM unnest(p_deltas) AS d
    GROUP BY d.day, d.service, d.status
    HAVING sum(d.legs) <> 0
    ORDER BY d.day, d.service, d.status
    ON CONFLICT (day, service, status) DO UPDATE SET legs = s.legs + EXCLUDED.legs
    RETURNING s.day, s.service, s.status, s.legs
  )
  SELECT array_agg(ROW(w.day, w.service, w.status, '', w.legs, 0)::kaleyra_call_rollup_delta)
  INTO emptied
  FROM written w
  WHERE w.legs = 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM kaleyra_call_rollup_status s
    USING unnest(emptied) AS e
    WHERE s.day = e.day AND s.service = e.service AND s.status = e.status AND s.legs = 0;
  END IF;
END
$$;

/*
 * The statement triggers on kaleyra_call_logs (INSERT, UPDATE, DELETE; each names only the
 * transition tables its event has): the statement's deltas per bucket are queued in
 * kaleyra_call_rollup_pending and added at commit by kaleyra_call_rollup_flush. An update moves a
 * leg from its old bucket to its new one; buckets that net to zero are left out (a re-sync that
 * only fills in a recording queues nothing), and the empty UPDATE half of an insert-only upsert
 * returns at once.
 */
CREATE OR REPLACE FUNCTION kaleyra_call_rollup_apply()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  deltas kaleyra_call_rollup_delta[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    deltas := ARRAY(
      SELECT ROW(g.day, g.service, g.status, g.agent, g.legs, g.billsec)::kaleyra_call_rollup_delta
      FROM (
        SELECT kaleyra_ist_day(n.start_time) AS day, n.service, n.status,
               kaleyra_call_agent(n.service, n.callfrom, n.callto) AS agent,
               count(*) AS legs, coalesce(sum(n.billsec), 0) AS billsec
        FROM new_legs n
        GROUP BY 1, 2, 3, 4
      ) g);
  ELSIF TG_OP = 'DELETE' THEN
    deltas := ARRAY(
      SELECT ROW(g.day, g.service, g.status, g.agent, -g.legs, -g.billsec)::kaleyra_call_rollup_delta
      FROM (
        SELECT kaleyra_ist_day(o.start_time) AS day, o.service, o.status,
               kaleyra_call_agent(o.service, o.callfrom, o.callto) AS agent,
               count(*) AS legs, coalesce(sum(o.billsec), 0) AS billsec
        FROM old_legs o
        GROUP BY 1, 2, 3, 4
      ) g);
  ELSE
    -- Nothing updated (the UPDATE half of an upsert that only inserted): nothing to queue.
    PERFORM 1 FROM old_legs LIMIT 1;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    -- An update moves a leg from its old bucket to its new one; buckets that net to zero are
    -- left out (a re-sync that only fills in a recording queues nothing).
    deltas := ARRAY(
      SELECT ROW(g.day, g.service, g.status, g.agent, g.legs, g.billsec)::kaleyra_call_rollup_delta
      FROM (
        SELECT kaleyra_ist_day(c.start_time) AS day, c.service, c.status,
               kaleyra_call_agent(c.service, c.callfrom, c.callto) AS agent,
               sum(c.sign) AS legs, sum(c.sign * coalesce(c.billsec, 0)) AS billsec
        FROM (
          SELECT n.start_time, n.service, n.status, n.callfrom, n.callto, n.billsec, 1 AS sign FROM new_legs n
          UNION ALL
          SELECT o.start_time, o.service, o.status, o.callfrom, o.callto, o.billsec, -1 AS sign FROM old_legs o
        ) c
        GROUP BY 1, 2, 3, 4
        HAVING sum(c.sign) <> 0 OR sum(c.sign * coalesce(c.billsec, 0)) <> 0
      ) g);
  END IF;
  IF cardinality(deltas) > 0 THEN
    INSERT INTO kaleyra_call_rollup_pending (deltas) VALUES (deltas);
  END IF;
  RETURN NULL;
END
$$;

-- Adds what this transaction queued to the rollup, merged per bucket, and empties its queue.
CREATE OR REPLACE FUNCTION kaleyra_call_rollup_flush_pending()
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  deltas kaleyra_call_rollup_delta[];
BEGIN
  WITH taken AS (
    DELETE FROM kaleyra_call_rollup_pending p WHERE p.xid = pg_current_xact_id() RETURNING p.deltas
  )
  SELECT ARRAY(
    SELECT ROW(d.day, d.service, d.status, d.agent, sum(d.legs), sum(d.billsec))::kaleyra_call_rollup_delta
    FROM taken t CROSS JOIN LATERAL unnest(t.deltas) AS d
    GROUP BY d.day, d.service, d.status, d.agent
    HAVING sum(d.legs) <> 0 OR sum(d.billsec) <> 0)
  INTO deltas;
  PERFORM kaleyra_call_rollup_add(deltas);
END
$$;

-- Fires at commit once per queued row; the first firing takes the whole queue, the rest find it empty.
CREATE OR REPLACE FUNCTION kaleyra_call_rollup_flush()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  PERFORM kaleyra_call_rollup_flush_pending();
  RETURN NULL;
END
$$;

-- TRUNCATE of the legs: what the transaction queued is about legs that are gone; empty both rollups.
CREATE OR REPLACE FUNCTION kaleyra_call_rollup_truncate()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  DELETE FROM kaleyra_call_rollup_pending p WHERE p.xid = pg_current_xact_id();
  TRUNCATE kaleyra_call_rollup, kaleyra_call_rollup_status;
  RETURN NULL;
END
$$;

/*
 * Recounts both rollups for IST days p_from..p_to (NULL = unbounded) from kaleyra_call_logs, after
 * adding what this transaction queued (else it would be counted twice). Only needed after writes
 * that bypassed the triggers (session_replication_role = replica, disabled triggers); writers wait
 * while it runs. Returns the number of agent buckets written.
 */
CREATE OR REPLACE FUNCTION rebuild_kaleyra_call_rollup(p_from date DEFAULT NULL, p_to date DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  written integer;
BEGIN
  LOCK TABLE kaleyra_call_logs IN SHARE MODE;
  PERFORM kaleyra_call_rollup_flush_pending();
  DELETE FROM kaleyra_call_rollup r
  WHERE (p_from IS NULL OR r.day >= p_from) AND (p_to IS NULL OR r.day <= p_to);
  DELETE FROM kaleyra_call_rollup_status s
  WHERE (p_from IS NULL OR s.day >= p_from) AND (p_to IS NULL OR s.day <= p_to);
  INSERT INTO kaleyra_call_rollup (day, service, status, agent, legs, billsec)
  SELECT kaleyra_ist_day(l.start_time), l.service, l.status, kaleyra_call_agent(l.service, l.callfrom, l.callto),
         count(*), coalesce(sum(l.billsec), 0)
  FROM kaleyra_call_logs l
  WHERE (p_from IS NULL OR l.start_time >= kaleyra_ist_midnight(p_from))
    AND (p_to IS NULL OR l.start_time < kaleyra_ist_midnight(p_to + 1))
  GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS written = ROW_COUNT;
  INSERT INTO kaleyra_call_rollup_status (day, service, status, legs)
  SELECT r.day, r.service, r.status, sum(r.legs)
  FROM kaleyra_call_rollup r
  WHERE (p_from IS NULL OR r.day >= p_from) AND (p_to IS NULL OR r.day <= p_to)
  GROUP BY 1, 2, 3;
  RETURN written;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      kaleyra_call_agent(text, text, text),
      kaleyra_call_rollup_add(kaleyra_call_rollup_delta[]),
      kaleyra_call_rollup_apply(),
      kaleyra_call_rollup_flush_pending(),
      kaleyra_call_rollup_flush(),
      kaleyra_call_rollup_truncate(),
      rebuild_kaleyra_call_rollup(date, date)
    TO service_role;
  END IF;
END
$$;
