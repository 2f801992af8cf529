-- Why: 20261121001000 added each statement's deltas to kaleyra_call_rollup at once, and that can
-- deadlock two writers. An upsert with ON CONFLICT fires two statement triggers (UPDATE, then
-- INSERT) that lock their buckets in key order each, but not in one order across both; and a
-- transaction of several statements holds the buckets of its first statement while it waits for
-- legs in a later one. Now the statement triggers only queue their deltas, and a deferred
-- constraint trigger adds all that the transaction queued once, at commit, in one key order. At
-- that point a transaction waits for nothing but buckets, and every committing transaction takes
-- them in the same order, so writers wait for each other but never deadlock. The price: inside a
-- writing transaction, the dashboards do not see its own writes until it commits.

-- Deltas queued by the statements of the transaction that is running; never committed (the
-- commit-time flush deletes them), so unlogged, and each transaction only ever sees its own.
CREATE UNLOGGED TABLE kaleyra_call_rollup_pending (
  xid     xid8 NOT NULL DEFAULT pg_current_xact_id(),
  deltas  kaleyra_call_rollup_delta[] NOT NULL
);
CREATE INDEX kaleyra_call_rollup_pending_xid_idx ON kaleyra_call_rollup_pending (xid);

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

CREATE CONSTRAINT TRIGGER kaleyra_call_rollup_pending_flush
  AFTER INSERT ON kaleyra_call_rollup_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION kaleyra_call_rollup_flush();

-- Same deltas as before (20261121001000), now queued instead of added.
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

-- What the transaction queued before the TRUNCATE was about legs that are gone now.
CREATE OR REPLACE FUNCTION kaleyra_call_rollup_truncate()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  DELETE FROM kaleyra_call_rollup_pending p WHERE p.xid = pg_current_xact_id();
  TRUNCATE kaleyra_call_rollup;
  RETURN NULL;
END
$$;

-- As before, after adding what this transaction queued (else it would be counted twice).
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
  INSERT INTO kaleyra_call_rollup (day, service, status, agent, legs, billsec)
  SELECT kaleyra_ist_day(l.start_time), l.service, l.status, kaleyra_call_agent(l.service, l.callfrom, l.callto),
         count(*), coalesce(sum(l.billsec), 0)
  FROM kaleyra_call_logs l
  WHERE (p_from IS NULL OR l.start_time >= kaleyra_ist_midnight(p_from))
    AND (p_to IS NULL OR l.start_time < kaleyra_ist_midnight(p_to + 1))
  GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;

ALTER TABLE kaleyra_call_rollup_pending ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY kaleyra_call_rollup_pending_service_role_all ON kaleyra_call_rollup_pending
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    -- The triggers run as the writer, so whoever may write legs must be able to queue deltas.
    GRANT SELECT, INSERT, DELETE ON kaleyra_call_rollup_pending TO service_role;
    GRANT EXECUTE ON FUNCTION
      kaleyra_call_rollup_flush_pending(),
      kaleyra_call_rollup_flush()
    TO service_role;
  END IF;
END
$$;
