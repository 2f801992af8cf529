-- Why: the dashboard aggregates scanned every leg in the range, so their latency grew with the
-- number of calls (a busy centre logs millions of legs a year). kaleyra_call_rollup keeps, per IST
-- day × service × status × agent, the number of legs and their billsec, maintained by statement
-- triggers on kaleyra_call_logs in the writing transaction. Triggers rather than the upsert
-- function, because every write must be counted: the sync's upsert, but also direct INSERTs,
-- UPDATEs, DELETEs and TRUNCATE, and the transition tables hold exactly the row versions that
-- were replaced, even when a concurrent sync inserted the same leg first.

-- The IST calendar day of an instant, and the instant an IST day starts.
CREATE OR REPLACE FUNCTION kaleyra_ist_day(p_at timestamptz)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (p_at AT TIME ZONE 'Asia/Kolkata')::date;
$$;

CREATE OR REPLACE FUNCTION kaleyra_ist_midnight(p_day date)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT p_day::timestamp AT TIME ZONE 'Asia/Kolkata';
$$;

-- A leg's agent: callto of a CallForward leg, callfrom of a Click2Call leg, '' for other services
-- ('' rather than NULL so that it can be part of the primary key).
CREATE OR REPLACE FUNCTION kaleyra_call_agent(p_service text, p_callfrom text, p_callto text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_service WHEN 'CallForward' THEN p_callto WHEN 'Click2Call' THEN p_callfrom ELSE '' END;
$$;

CREATE TABLE kaleyra_call_rollup (
  day      date    NOT NULL,
  service  text    NOT NULL,
  status   text    NOT NULL,
  agent    text    NOT NULL,
  legs     bigint  NOT NULL,
  billsec  bigint  NOT NULL,
  PRIMARY KEY (day, service, status, agent)
) WITH (fillfactor = 70); -- room on each page, so that counter updates stay HOT

-- A change to the rollup: signed counts for one bucket.
CREATE TYPE kaleyra_call_rollup_delta AS (
  day     date,
  service text,
  status  text,
  agent   text,
  legs    bigint,
  billsec bigint
);

/*
 * Adds deltas to their buckets and deletes buckets that reach zero legs. Buckets are written in
 * key order, so two transactions adding to overlapping buckets lock them in the same order and
 * wait for each other instead of deadlocking; ON CONFLICT makes concurrent first inserts of a
 * bucket wait and then add, so no count is lost.
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
  -- A separate statement: it must see the rows the upsert just wrote (and still has locked).
  IF emptied IS NOT NULL THEN
    DELETE FROM kaleyra_call_rollup r
    USING unnest(emptied) AS e
    WHERE r.day = e.day AND r.service = e.service AND r.status = e.status AND r.agent = e.agent
      AND r.legs = 0;
  END IF;
END
$$;

-- One function for the three row-changing triggers; each names only the transition tables its
-- event has (Postgres allows transition tables only on single-event triggers).
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
    -- An update moves a leg from its old bucket to its new one; unchanged buckets net to zero
    -- and are not touched at all (a re-sync that only fills in a recording locks nothing here).
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
  PERFORM kaleyra_call_rollup_add(deltas);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kaleyra_call_rollup_truncate()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  TRUNCATE kaleyra_call_rollup;
  RETURN NULL;
END
$$;

CREATE TRIGGER kaleyra_call_logs_rollup_insert
  AFTER INSERT ON kaleyra_call_logs REFERENCING NEW TABLE AS new_legs
  FOR EACH STATEMENT EXECUTE FUNCTION kaleyra_call_rollup_apply();
CREATE TRIGGER kaleyra_call_logs_rollup_update
  AFTER UPDATE ON kaleyra_call_logs REFERENCING OLD TABLE AS old_legs NEW TABLE AS new_legs
  FOR EACH STATEMENT EXECUTE FUNCTION kaleyra_call_rollup_apply();
CREATE TRIGGER kaleyra_call_logs_rollup_delete
  AFTER DELETE ON kaleyra_call_logs REFERENCING OLD TABLE AS old_legs
  FOR EACH STATEMENT EXECUTE FUNCTION kaleyra_call_rollup_apply();
CREATE TRIGGER kaleyra_call_logs_rollup_truncate
  AFTER TRUNCATE ON kaleyra_call_logs
  FOR EACH STATEMENT EXECUTE FUNCTION kaleyra_call_rollup_truncate();

/*
 * Recounts the rollup for IST days p_from..p_to (NULL = unbounded) from kaleyra_call_logs. Only
 * needed after writes that bypassed the triggers (session_replication_role = replica, disabled
 * triggers); writers wait while it runs. Returns the number of buckets written.
 */
CREATE OR REPLACE FUNCTION rebuild_kaleyra_call_rollup(p_from date DEFAULT NULL, p_to date DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  written integer;
BEGIN
  LOCK TABLE kaleyra_call_logs IN SHARE MODE;
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

-- Backfill. CREATE TRIGGER above already holds a lock that keeps writers out until this
-- migration commits, so no leg is missed or counted twice.
SELECT rebuild_kaleyra_call_rollup();

ALTER TABLE kaleyra_call_rollup ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY kaleyra_call_rollup_service_role_all ON kaleyra_call_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    -- The triggers run as the writer, so whoever may write legs must be able to write buckets.
    GRANT SELECT, INSERT, UPDATE, DELETE ON kaleyra_call_rollup TO service_role;
    GRANT EXECUTE ON FUNCTION
      kaleyra_ist_day(timestamptz),
      kaleyra_ist_midnight(date),
      kaleyra_call_agent(text, text, text),
      kaleyra_call_rollup_add(kaleyra_call_rollup_delta[]),
      kaleyra_call_rollup_apply(),
      kaleyra_call_rollup_truncate(),
      rebuild_kaleyra_call_rollup(date, date)
    TO service_role;
  END IF;
END
$$;
