-- Missed-call recovery episodes (customer_call_episodes), kept by the database: per normalised
-- customer number, recomputed at commit whenever a transaction changed that number's customer
-- calls, an answered Click2Call leg to it, or a click-to-call this server started to it. With
-- them, the customer calls' rollups by IST hour and by location / provider / DID, and each
-- number's call days with the callerSummary rollup (customer_callers, customer_caller_rollup,
-- migration 20261202000400), and the episodes by IST day and band of time to recovery
-- (recoverySummary, customer_call_recovery_rollup, migrations 20261202000500 and 20261202000600).
-- The tables and triggers are in migration 20261202000000; the rules are the contract's
-- (MissedCaller). Current definitions: the migrator re-applies this file whenever it changes.
--
-- How a write reaches the episodes:
--   1. Statement triggers queue the numbers whose episodes may change: on customer_calls (rows the
--      customer-call flush wrote, whatever the leg write behind them), on kaleyra_call_logs
--      (answered Click2Call legs, by callto) and on ivr_calls (ANSWERED click-to-calls, by
--      customer_number; this is how a callback closes an episode before any sync).
--   2. At commit, a deferred constraint trigger first runs the leg-rollup and customer-call
--      flushes (so that customer_calls is current, and their locks are always taken before ours,
--      whichever trigger fires first), then takes the queue once, adds the queued calls to the hour and key rollups
--      (rows in key order), locks the numbers, and recomputes their episodes
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
  -- The callbacks: one index search per number and form (LATERAL, and OFFSET 0 so that the planner
  -- cannot flatten it into a join that reads every click-to-call ever stored, once per page).
  SELECT f.caller, coalesce(i.start_time, i.updated_at), 1, 'ivr:' || i.id::text, NULL,
         'CALLED_BACK', i.agent_number
  FROM unnest(p_callers) AS f(caller)
  CROSS JOIN LATERAL (
    SELECT i.* FROM ivr_calls i
    WHERE i.kind = 'click2call' AND i.customer_number = ANY(customer_call_phone_forms(f.caller))
      AND i.status = 'ANSWERED' AND kaleyra_normalize_phone(i.customer_number) = f.caller
    OFFSET 0) i
  UNION ALL
  SELECT f.caller, l.start_time, 1, l.id, NULL, 'CALLED_BACK', l.callfrom
  FROM unnest(p_callers) AS f(caller)
  CROSS JOIN LATERAL (
    SELECT l.* FROM kaleyra_call_logs l
    WHERE l.service = 'Click2Call' AND l.callto = ANY(customer_call_phone_forms(f.caller))
      AND l.status = 'ANSWER' AND kaleyra_normalize_phone(l.callto) = f.caller
    OFFSET 0) l
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

-- customer_call_recovery_hours gave way to customer_call_recovery_band (migration 20261202000600).
DROP FUNCTION IF EXISTS customer_call_recovery_hours(integer);

-- A recovered episode's band of time to recovery: how many of these boundaries, in hours, its
-- seconds exceed (0: at most 1 hour; 27: over 720, withinHours' limit). They grow about
-- geometrically, so that a day of customer_call_recovery_rollup holds at most 29 rows however
-- many episodes it has; the usual withinHours (24, the default; 1, 2, 4, 8, 12, 48, 72, a week,
-- 720) are boundaries, read from the rollup alone. For a whole h, seconds <= h * 3600 is
-- ceil(seconds / 3600) <= h: the episodes within h hours are the bands below that of h * 3600
-- seconds, and that band whole when h is its upper boundary (get_recovery_summary).
-- The index customer_call_episodes_recovery_bucket_idx (migration 20261202000600) is on this
-- expression: the planner inlines this function and matches it.
CREATE OR REPLACE FUNCTION customer_call_recovery_band(p_seconds integer)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT width_bucket((p_seconds + 3599) / 3600 - 1,
                      '{1,2,3,4,6,8,10,12,16,20,24,30,36,48,60,72,96,120,144,168,216,264,336,408,504,600,720}'::integer[]);
$$;

-- An episode's customer_call_recovery_rollup bucket: its band, -1 when open.
CREATE OR REPLACE FUNCTION customer_call_recovery_bucket(p_seconds integer)
RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (CASE WHEN p_seconds IS NULL THEN -1 ELSE customer_call_recovery_band(p_seconds) END)::smallint;
$$;

/*
 * Rewrites the episodes of numbers p_callers as customer_call_episodes_of computes them, touching
 * only rows that differ, and adds the difference to customer_call_recovery_rollup. The caller holds the numbers' keys (or ('episodes', 0) exclusive).
 */
CREATE OR REPLACE FUNCTION customer_call_episodes_refresh(p_callers text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  fresh customer_call_episodes[];
  e_days date[];
  e_buckets smallint[];
BEGIN
  fresh := ARRAY(SELECT e FROM customer_call_episodes_of(p_callers) e);
  -- One statement: the rows that differ go, and the rollup takes them off and adds the fresh rows
  -- that differ (what the INSERT below writes), read before the delete, in key order.
  -- The key equality lets the planner hash the fresh rows (an anti-join, not a loop over them).
  WITH gone AS (
    DELETE FROM customer_call_episodes e
    WHERE e.caller = ANY(p_callers)
      AND NOT EXISTS (SELECT 1 FROM unnest(fresh) f
                      WHERE f.caller = e.caller AND f.first_missed_at = e.first_missed_at
                        AND f IS NOT DISTINCT FROM e)
    RETURNING e.first_missed_at, e.seconds_to_recovery
  ), d AS (
    SELECT kaleyra_ist_day(x.first_missed_at) AS day,
           customer_call_recovery_bucket(x.seconds_to_recovery) AS bucket, sum(x.sign) AS episodes
    FROM (SELECT g.first_missed_at, g.seconds_to_recovery, -1 AS sign FROM gone g
          UNION ALL
          SELECT f.first_missed_at, f.seconds_to_recovery, 1 FROM unnest(fresh) f
          WHERE NOT EXISTS (SELECT 1 FROM customer_call_episodes e
                            WHERE e.caller = f.caller AND e.first_missed_at = f.first_missed_at
                              AND f IS NOT DISTINCT FROM e)) x
    GROUP BY 1, 2
    HAVING sum(x.sign) <> 0
  ), written AS (
    INSERT INTO customer_call_recovery_rollup AS r (day, bucket, episodes)
    SELECT d.day, d.bucket, d.episodes FROM d ORDER BY d.day, d.bucket
    ON CONFLICT (day, bucket) DO UPDATE SET episodes = r.episodes + EXCLUDED.episodes
    RETURNING r.day, r.bucket, r.episodes
  )
  SELECT array_agg(w.day), array_agg(w.bucket) INTO e_days, e_buckets
  FROM written w WHERE w.episodes = 0;
  -- A separate statement: it must see the rows the upsert just wrote (and still has locked).
  IF e_days IS NOT NULL THEN
    DELETE FROM customer_call_recovery_rollup r USING unnest(e_days, e_buckets) AS e(day, bucket)
    WHERE r.day = e.day AND r.bucket = e.bucket AND r.episodes = 0;
  END IF;
  INSERT INTO customer_call_episodes
  SELECT f.* FROM unnest(fresh) f
  WHERE NOT EXISTS (SELECT 1 FROM customer_call_episodes e
                    WHERE e.caller = f.caller AND e.first_missed_at = f.first_missed_at)
  ORDER BY f.caller, f.first_missed_at;
END
$$;

/*
 * The customer_caller_rollup rows of one number whose calls fall on IST days p_days (ascending),
 * p_calls on each: every call counted with the IST day of the number's previous call (back 1) and
 * of the one before it (back 2), '-infinity' for none. Within a day only counts matter: the day's
 * first call points at the last earlier day (and the day before, or that day again if it had two
 * calls), its second at the day itself and the last earlier day, the rest at the day itself.
 */
CREATE OR REPLACE FUNCTION customer_caller_rollup_rows(p_days date[], p_calls integer[])
RETURNS TABLE (day date, back smallint, prev_day date, calls integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  WITH d AS (
    SELECT x.day, x.calls,
           coalesce(lag(x.day) OVER w, '-infinity') AS p1,
           lag(x.calls) OVER w AS p1_calls,
           coalesce(lag(x.day, 2) OVER w, '-infinity') AS p2
    FROM unnest(p_days, p_calls) AS x(day, calls)
    WINDOW w AS (ORDER BY x.day)
  )
  SELECT d.day, 1::smallint, d.p1, 1 FROM d
  UNION ALL
  SELECT d.day, 2::smallint, CASE WHEN d.p1_calls >= 2 THEN d.p1 ELSE d.p2 END, 1 FROM d
  UNION ALL
  SELECT d.day, 1::smallint, d.day, d.calls - 1 FROM d WHERE d.calls >= 2
  UNION ALL
  SELECT d.day, 2::smallint, d.p1, 1 FROM d WHERE d.calls >= 2
  UNION ALL
  SELECT d.day, 2::smallint, d.day, d.calls - 2 FROM d WHERE d.calls >= 3;
$$;

/*
 * Rewrites customer_callers for numbers p_callers from their customer calls, and adds the
 * difference of their customer_caller_rollup rows (new minus stored) in key order, deleting rows
 * that reach zero. Only numbers whose days or counts changed are touched. The caller holds the
 * numbers' keys (or ('episodes', 0) exclusive).
 */
CREATE OR REPLACE FUNCTION customer_callers_refresh(p_callers text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  e_days date[];
  e_back smallint[];
  e_prev date[];
BEGIN
  -- One statement: the numbers whose days changed, their rollup difference, and their new days.
  WITH changed AS (
    SELECT coalesce(f.caller, o.caller) AS caller, o.days AS o_days, o.calls AS o_calls,
           f.days AS f_days, f.calls AS f_calls
    FROM (
      SELECT n.caller, array_agg(n.day ORDER BY n.day) AS days,
             array_agg(n.calls ORDER BY n.day) AS calls
      FROM (SELECT c.caller, kaleyra_ist_day(c.start_time) AS day, count(*)::integer AS calls
            FROM customer_calls c WHERE c.caller = ANY(p_callers)
            GROUP BY 1, 2) n
      GROUP BY n.caller
    ) f
    FULL JOIN (SELECT s.* FROM customer_callers s WHERE s.caller = ANY(p_callers)) o
      ON o.caller = f.caller
    WHERE (f.days, f.calls) IS DISTINCT FROM (o.days, o.calls)
  ), d AS (
    SELECT r.day, r.back, r.prev_day, sum(r.calls) AS calls
    FROM (SELECT x.* FROM changed ch
          CROSS JOIN LATERAL customer_caller_rollup_rows(ch.f_days, ch.f_calls) x
          WHERE ch.f_days IS NOT NULL
          UNION ALL
          SELECT x.day, x.back, x.prev_day, -x.calls FROM changed ch
          CROSS JOIN LATERAL customer_caller_rollup_rows(ch.o_days, ch.o_calls) x
          WHERE ch.o_days IS NOT NULL) r
    GROUP BY 1, 2, 3
    HAVING sum(r.calls) <> 0
  ), written AS (
    INSERT INTO customer_caller_rollup AS r (day, back, prev_day, calls)
    SELECT d.day, d.back, d.prev_day, d.calls FROM d ORDER BY d.day, d.back, d.prev_day
    ON CONFLICT (day, back, prev_day) DO UPDATE SET calls = r.calls + EXCLUDED.calls
    RETURNING r.day, r.back, r.prev_day, r.calls
  ), gone AS (
    DELETE FROM customer_callers s USING changed ch
    WHERE s.caller = ch.caller AND ch.f_days IS NULL
  ), kept AS (
    INSERT INTO customer_callers AS s (caller, days, calls)
    SELECT ch.caller, ch.f_days, ch.f_calls FROM changed ch
    WHERE ch.f_days IS NOT NULL
    ORDER BY ch.caller
    ON CONFLICT (caller) DO UPDATE SET days = EXCLUDED.days, calls = EXCLUDED.calls
  )
  SELECT array_agg(w.day), array_agg(w.back), array_agg(w.prev_day)
  INTO e_days, e_back, e_prev
  FROM written w WHERE w.calls = 0;
  -- A separate statement: it must see the rows the upsert just wrote (and still has locked).
  IF e_days IS NOT NULL THEN
    DELETE FROM customer_caller_rollup r USING unnest(e_days, e_back, e_prev) AS e(day, back, prev)
    WHERE r.day = e.day AND r.back = e.back AND r.prev_day = e.prev AND r.calls = 0;
  END IF;
END
$$;

-- Takes the keys of numbers p_callers (see the top of this file) and rewrites their episodes and
-- customer_callers (with customer_caller_rollup), 5,000 numbers at a time.
CREATE OR REPLACE FUNCTION customer_call_episodes_update(p_callers text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
-- Every lookup here is a few rows by key. The plans are cached per session, and a plan made while
-- the tables were small (a fresh install's first sync) would scan them whole forever after.
SET enable_seqscan = off
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
    PERFORM customer_callers_refresh(sorted[i:i + 4999]);
    i := i + 5000;
  END LOOP;
END
$$;

-- At commit: the customer calls first (see the top of this file), then the queued rollup changes
-- and numbers, once.
CREATE OR REPLACE FUNCTION customer_call_episode_flush_pending()
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  callers text[];
  d_sign smallint[];
  d_start timestamptz[];
  d_did text[];
  d_location text[];
  d_provider text[];
  d_answered boolean[];
BEGIN
  -- The leg rollup, then the customer calls (which flushes the leg rollup only when it has work),
  -- then ours: every commit-time flush locks in this one order.
  PERFORM kaleyra_call_rollup_flush_pending();
  PERFORM customer_call_flush_pending();
  WITH taken AS (
    DELETE FROM customer_call_recovery_pending p WHERE p.xid = pg_current_xact_id()
    RETURNING p.*
  ), deltas AS (
    SELECT x.* FROM taken t
    CROSS JOIN LATERAL unnest(t.d_sign, t.d_start, t.d_did, t.d_location, t.d_provider, t.d_answered)
      AS x(sign, start, did, location, provider, answered)
  )
  SELECT (SELECT array_agg(c) FROM taken t CROSS JOIN LATERAL unnest(t.callers) AS c),
         (SELECT array_agg(d.sign) FROM deltas d), (SELECT array_agg(d.start) FROM deltas d),
         (SELECT array_agg(d.did) FROM deltas d), (SELECT array_agg(d.location) FROM deltas d),
         (SELECT array_agg(d.provider) FROM deltas d), (SELECT array_agg(d.answered) FROM deltas d)
  INTO callers, d_sign, d_start, d_did, d_location, d_provider, d_answered;
  IF d_sign IS NOT NULL THEN
    PERFORM customer_call_breakdown_add(d_sign, d_start, d_did, d_location, d_provider, d_answered);
  END IF;
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
    INSERT INTO customer_call_recovery_pending
      (callers, d_sign, d_start, d_did, d_location, d_provider, d_answered)
    VALUES (p_callers, '{}', '{}', '{}', '{}', '{}', '{}');
  END IF;
END
$$;

-- A callBreakdown key: blank or null is UNKNOWN (the rollup and the edge rows both use this).
CREATE OR REPLACE FUNCTION customer_call_breakdown_key(p_key text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(nullif(btrim(p_key), ''), 'UNKNOWN');
$$;

/*
 * Adds customer calls to (p_sign 1) or takes them from (-1) the hour and key rollups, by the IST
 * day and hour of p_start; deletes rows that reach zero. Rows in key order, tables in one order,
 * so that concurrent flushes wait for each other instead of deadlocking.
 */
CREATE OR REPLACE FUNCTION customer_call_breakdown_add(
  p_sign smallint[], p_start timestamptz[], p_did text[], p_location text[], p_provider text[],
  p_answered boolean[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  e_days date[];
  e_hours smallint[];
  e_dims text[];
  e_keys text[];
BEGIN
  WITH d AS (
    SELECT kaleyra_ist_day(x.start) AS day,
           extract(hour FROM x.start AT TIME ZONE 'Asia/Kolkata')::smallint AS hour,
           sum(x.sign) AS offered, coalesce(sum(x.sign) FILTER (WHERE x.answered), 0) AS answered
    FROM unnest(p_sign, p_start, p_answered) AS x(sign, start, answered)
    GROUP BY 1, 2
    HAVING sum(x.sign) <> 0 OR coalesce(sum(x.sign) FILTER (WHERE x.answered), 0) <> 0
  ), written AS (
    INSERT INTO customer_call_hour_rollup AS r (day, hour, offered, answered)
    SELECT d.day, d.hour, d.offered, d.answered FROM d ORDER BY d.day, d.hour
    ON CONFLICT (day, hour) DO UPDATE
      SET offered = r.offered + EXCLUDED.offered, answered = r.answered + EXCLUDED.answered
    RETURNING r.day, r.hour, r.offered, r.answered
  )
  SELECT array_agg(w.day), array_agg(w.hour) INTO e_days, e_hours
  FROM written w WHERE w.offered = 0 AND w.answered = 0;
  -- A separate statement: it must see the rows the upsert just wrote (and still has locked).
  IF e_days IS NOT NULL THEN
    DELETE FROM customer_call_hour_rollup r USING unnest(e_days, e_hours) AS e(day, hour)
    WHERE r.day = e.day AND r.hour = e.hour AND r.offered = 0 AND r.answered = 0;
  END IF;

  WITH k AS (
    SELECT kaleyra_ist_day(x.start) AS day, v.dimension, customer_call_breakdown_key(v.key) AS key,
           x.sign, x.answered
    FROM unnest(p_sign, p_start, p_did, p_location, p_provider, p_answered)
           AS x(sign, start, did, location, provider, answered)
    CROSS JOIN LATERAL (VALUES ('DID', x.did), ('LOCATION', x.location), ('PROVIDER', x.provider))
      AS v(dimension, key)
  ), d AS (
    SELECT k.day, k.dimension, k.key, sum(k.sign) AS offered,
           coalesce(sum(k.sign) FILTER (WHERE k.answered), 0) AS answered
    FROM k
    GROUP BY 1, 2, 3
    HAVING sum(k.sign) <> 0 OR coalesce(sum(k.sign) FILTER (WHERE k.answered), 0) <> 0
  ), written AS (
    INSERT INTO customer_call_key_rollup AS r (day, dimension, key, offered, answered)
    SELECT d.day, d.dimension, d.key, d.offered, d.answered FROM d ORDER BY d.day, d.dimension, d.key
    ON CONFLICT (day, dimension, key) DO UPDATE
      SET offered = r.offered + EXCLUDED.offered, answered = r.answered + EXCLUDED.answered
    RETURNING r.day, r.dimension, r.key, r.offered, r.answered
  )
  SELECT array_agg(w.day), array_agg(w.dimension), array_agg(w.key) INTO e_days, e_dims, e_keys
  FROM written w WHERE w.offered = 0 AND w.answered = 0;
  IF e_days IS NOT NULL THEN
    DELETE FROM customer_call_key_rollup r USING unnest(e_days, e_dims, e_keys) AS e(day, dimension, key)
    WHERE r.day = e.day AND r.dimension = e.dimension AND r.key = e.key
      AND r.offered = 0 AND r.answered = 0;
  END IF;
END
$$;

/*
 * Statement triggers on customer_calls: the numbers of the calls a statement inserted or deleted,
 * and of those it updated in what episodes read (number, start, outcome, answering agent); and the
 * calls to add to or take from the hour and key rollups (inserted, deleted, or updated in start,
 * DID, location, provider or answered).
 */
CREATE OR REPLACE FUNCTION customer_call_episode_queue_calls()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO customer_call_recovery_pending
      (callers, d_sign, d_start, d_did, d_location, d_provider, d_answered)
    SELECT array_agg(DISTINCT n.caller), array_agg(1::smallint), array_agg(n.start_time),
           array_agg(n.did), array_agg(n.location), array_agg(n.provider),
           array_agg(n.outcome = 'ANSWERED')
    FROM new_calls n
    HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO customer_call_recovery_pending
      (callers, d_sign, d_start, d_did, d_location, d_provider, d_answered)
    SELECT array_agg(DISTINCT o.caller), array_agg(-1::smallint), array_agg(o.start_time),
           array_agg(o.did), array_agg(o.location), array_agg(o.provider),
           array_agg(o.outcome = 'ANSWERED')
    FROM old_calls o
    HAVING count(*) > 0;
  ELSE
    WITH pairs AS (
      SELECT n.caller AS n_caller, o.caller AS o_caller,
             (n.caller, n.customer_number, n.start_time, n.outcome, n.answered_by)
               IS DISTINCT FROM (o.caller, o.customer_number, o.start_time, o.outcome, o.answered_by)
               AS episodes_change,
             (n.start_time, n.did, n.location, n.provider, n.outcome = 'ANSWERED')
               IS DISTINCT FROM (o.start_time, o.did, o.location, o.provider, o.outcome = 'ANSWERED')
               AS rollups_change,
             n.start_time AS n_start, n.did AS n_did, n.location AS n_location,
             n.provider AS n_provider, n.outcome = 'ANSWERED' AS n_answered,
             o.start_time AS o_start, o.did AS o_did, o.location AS o_location,
             o.provider AS o_provider, o.outcome = 'ANSWERED' AS o_answered
      FROM new_calls n JOIN old_calls o ON o.id = n.id
    ), ep AS (
      SELECT p.n_caller AS caller FROM pairs p WHERE p.episodes_change
      UNION
      SELECT p.o_caller FROM pairs p WHERE p.episodes_change
    ), dl AS (
      SELECT 1::smallint AS sign, p.n_start AS start, p.n_did AS did, p.n_location AS location,
             p.n_provider AS provider, p.n_answered AS answered
      FROM pairs p WHERE p.rollups_change
      UNION ALL
      SELECT -1::smallint, p.o_start, p.o_did, p.o_location, p.o_provider, p.o_answered
      FROM pairs p WHERE p.rollups_change
    )
    INSERT INTO customer_call_recovery_pending
      (callers, d_sign, d_start, d_did, d_location, d_provider, d_answered)
    SELECT coalesce((SELECT array_agg(e.caller) FROM ep e), '{}'),
           coalesce(array_agg(d.sign), '{}'), coalesce(array_agg(d.start), '{}'),
           coalesce(array_agg(d.did), '{}'), coalesce(array_agg(d.location), '{}'),
           coalesce(array_agg(d.provider), '{}'), coalesce(array_agg(d.answered), '{}')
    FROM dl d
    HAVING count(*) > 0 OR EXISTS (SELECT 1 FROM ep);
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

-- TRUNCATE of customer_calls (the legs were truncated): no calls are left, so no episodes, no
-- call days and empty rollups.
CREATE OR REPLACE FUNCTION customer_call_episode_truncate()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  DELETE FROM customer_call_recovery_pending p WHERE p.xid = pg_current_xact_id();
  TRUNCATE customer_call_episodes, customer_call_hour_rollup, customer_call_key_rollup,
    customer_callers, customer_caller_rollup, customer_call_recovery_rollup;
  RETURN NULL;
END
$$;

/*
 * Rebuilds every episode from customer_calls, the Click2Call legs and ivr_calls (with
 * customer_call_recovery_rollup), and the hour and key rollups, customer_callers and
 * customer_caller_rollup from customer_calls (after writes that
 * bypassed the triggers, or a change to the rules). rebuild_customer_calls ends with it.
 * Returns the number of episodes.
 */
CREATE OR REPLACE FUNCTION rebuild_customer_call_recovery()
RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  PERFORM customer_call_flush_pending();
  DELETE FROM customer_call_recovery_pending p WHERE p.xid = pg_current_xact_id();
  PERFORM pg_advisory_xact_lock(customer_call_episode_lock_space(), 0);
  DELETE FROM customer_call_hour_rollup;
  DELETE FROM customer_call_key_rollup;
  PERFORM customer_call_breakdown_add(
    array_agg(1::smallint), array_agg(c.start_time), array_agg(c.did), array_agg(c.location),
    array_agg(c.provider), array_agg(c.outcome = 'ANSWERED'))
  FROM customer_calls c
  HAVING count(*) > 0;
  DELETE FROM customer_call_episodes;
  DELETE FROM customer_call_recovery_rollup;
  DELETE FROM customer_callers;
  DELETE FROM customer_caller_rollup;
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
      customer_call_recovery_band(integer),
      customer_call_recovery_bucket(integer),
      customer_call_episodes_refresh(text[]),
      customer_caller_rollup_rows(date[], integer[]),
      customer_callers_refresh(text[]),
      customer_call_episodes_update(text[]),
      customer_call_episode_flush_pending(),
      customer_call_episode_flush(),
      customer_call_episode_enqueue(text[]),
      customer_call_breakdown_key(text),
      customer_call_breakdown_add(smallint[], timestamptz[], text[], text[], text[], boolean[]),
      customer_call_episode_queue_calls(),
      customer_call_episode_queue_legs(),
      customer_call_episode_queue_ivr(),
      customer_call_episode_truncate(),
      rebuild_customer_call_recovery()
    TO service_role;
  END IF;
END
$$;

-- Builds the episodes and rollups once when migration 20261202000000 left customer_call_episode_state.built_at
-- NULL: that migration cannot, as the functions it needs live here and are applied after it.
SELECT rebuild_customer_call_recovery() FROM customer_call_episode_state WHERE built_at IS NULL;
