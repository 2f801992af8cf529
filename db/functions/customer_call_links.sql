-- Customer calls, kept by the database: which customer call each CallForward leg belongs to
-- (customer_call_legs), the facts of each customer call (customer_calls) and their day rollups,
-- recomputed at commit for whatever a transaction changed in kaleyra_call_logs. The tables and
-- triggers are in migration 20261201000002; the rules are the contract's ("Customer calls").
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).
--
-- How a write reaches the customer calls:
--   1. Statement triggers on kaleyra_call_logs queue the ids of the Incoming and CallForward legs
--      a statement inserted, updated or deleted, with the lock keys of their old versions
--      (customer_call_queue).
--   2. At commit, a deferred constraint trigger takes the transaction's queue once
--      (customer_call_flush_pending), locks (below), and recomputes what those legs affect
--      (customer_call_apply_changes): the calls of changed Incoming legs; the links of changed
--      CallForward legs, of legs naming a changed Incoming leg as parent, and of legs without
--      parent whose caller and start fall in a changed Incoming leg's old or new window; the facts
--      of every call that gained, lost or changed a leg; the rollups, by difference.
--   3. customer_call_flush_pending then holds, in affected_customers, the normalised numbers of
--      every customer whose calls or links it recomputed, while the advisory keys that guarded the
--      recomputation are still held (until commit): work that must see those customers' calls as
--      they will commit goes there, and nowhere earlier.
--   The derived tables hold each leg's state as of the last commit, so nothing but ids needs
--   queueing, and a change is undone from where the tables say the leg was.
--
-- Locking. Under READ COMMITTED two transactions writing an Incoming leg and its CallForward leg
-- at once would each miss the other's uncommitted row. So the flush first takes transaction-
-- scoped advisory locks, in one key order (no deadlocks between flushes), on
--   ('caller', normalised callfrom) of every changed leg, old and new version, and
--   ('leg', id) of every changed Incoming leg and ('leg', parent_id) of every changed CallForward
--   leg, old and new version.
-- Every link a transaction recomputes depends only on rows guarded by keys it holds, so a second
-- writer waits for the first to commit and then, its next statement seeing the first's rows,
-- computes on top of them. Once the links are known, and before writing anything, it takes
-- ('call', id) of every customer call whose facts it recomputes (a parent_id link and an
-- inferred link to the same call can come from writers that share no key above). Every flush
-- takes ('all') shared first; one with over 1000 keys takes it exclusive instead (rebuilds, bulk
-- loads), which bounds the lock table. Rollup rows come last, in key order. The leg rollup
-- (kaleyra_call_rollup) is always flushed before any of this, so that both commit-time flushes
-- lock in one order whichever of their triggers fires first.

-- kaleyra_normalize_phone once separators are gone: a +91, a 12-digit 91 or an 11-digit 0 prefix
-- dropped when 10 digits are left; otherwise the number as given.
CREATE OR REPLACE FUNCTION kaleyra_normalize_phone_separated(p_digits text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN d ~ '^[0-9]{10}$' THEN d ELSE p_digits END
  FROM (SELECT CASE WHEN p_digits LIKE '+91%' THEN substr(p_digits, 4)
                    WHEN length(p_digits) = 12 AND p_digits LIKE '91%' THEN substr(p_digits, 3)
                    WHEN length(p_digits) = 11 AND p_digits LIKE '0%' THEN substr(p_digits, 2)
                    ELSE p_digits END AS d) x;
$$;

-- A number as links and filters compare it: the normalisation ClickToCallInput applies (spaces,
-- dashes, dots and parentheses dropped, then the +91 / 91 / 0 prefix), falling back to the number
-- without separators when that leaves no 10 digits. The common case first: this runs per leg.
CREATE OR REPLACE FUNCTION kaleyra_normalize_phone(p_number text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN p_number ~ '^[0-9]{10}$' THEN p_number
              ELSE kaleyra_normalize_phone_separated(regexp_replace(p_number, '[[:space:]().-]', '', 'g')) END;
$$;

-- I_end + 5 s, I_end = end_time, else start + duration seconds, else start + 2 hours. STABLE, as
-- timestamptz + interval is: an IMMUTABLE label would stop the planner from inlining it.
CREATE OR REPLACE FUNCTION customer_call_window_end(
  p_start timestamptz, p_end timestamptz, p_duration integer)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT coalesce(p_end, p_start + make_interval(secs => p_duration), p_start + interval '2 hours')
         + interval '5 seconds';
$$;

-- An advisory lock key (bigint form): the namespace in the high 32 bits, so that keys sort by
-- namespace ('all' < 'caller' < 'leg' < 'call'), the key's hash in the low 32 (a collision only
-- makes two unrelated writers wait for each other).
CREATE OR REPLACE FUNCTION customer_call_lock_key(p_namespace text, p_key text)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (CASE p_namespace WHEN 'all' THEN 42248711 WHEN 'caller' THEN 42248712
                           WHEN 'leg' THEN 42248713 WHEN 'call' THEN 42248714 END::bigint << 32)
         | CASE WHEN p_namespace = 'all' THEN 0 ELSE hashtext(p_key)::bigint & 4294967295 END;
$$;

-- The keys that guard what a version of a leg affects: an Incoming leg's normalised caller (the
-- legs inferred for it) and id (the legs naming it as parent); a CallForward leg's parent_id, or
-- without one its normalised caller (the calls it may be inferred for). Other services: none.
CREATE OR REPLACE FUNCTION customer_call_leg_keys(p_service text, p_id text, p_callfrom text, p_parent_id text)
RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p_service = 'Incoming' THEN
      ARRAY[customer_call_lock_key('caller', kaleyra_normalize_phone(p_callfrom)), customer_call_lock_key('leg', p_id)]
    WHEN p_service = 'CallForward' AND coalesce(p_parent_id, '') <> '' THEN
      ARRAY[customer_call_lock_key('leg', p_parent_id)]
    WHEN p_service = 'CallForward' THEN
      ARRAY[customer_call_lock_key('caller', kaleyra_normalize_phone(p_callfrom))]
    ELSE '{}'::bigint[]
  END;
$$;

/*
 * The legs linked to calls p_ids, found as they were linked (customer_call_legs has no index on
 * call_id: every index is paid for by the sync): those naming the call as parent, and those
 * without parent from its caller within its window that were inferred for it.
 */
CREATE OR REPLACE FUNCTION customer_call_members(p_ids text[])
RETURNS SETOF customer_call_legs
LANGUAGE sql STABLE
AS $$
  SELECT k.* FROM customer_call_legs k WHERE k.parent_id = ANY(p_ids) AND k.call_id = k.parent_id
  UNION ALL
  SELECT k.*
  FROM customer_calls c
  JOIN customer_call_legs k
    ON k.parent_id IS NULL AND k.caller = c.caller
   AND k.start_time >= c.start_time AND k.start_time <= c.window_end AND k.call_id = c.id
  WHERE c.id = ANY(p_ids);
$$;

/*
 * Adds to the three rollups what changed between p_before and p_after (the rows that changed or
 * went, as they were; the rows that changed or came, as they are), and deletes rows that reach
 * zero. Tables in one order, rows in key order, so that concurrent flushes wait for each other
 * instead of deadlocking.
 */
CREATE OR REPLACE FUNCTION customer_call_rollups_add(
  p_before_calls customer_calls[], p_after_calls customer_calls[],
  p_before_legs customer_call_legs[], p_after_legs customer_call_legs[])
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  e_days date[];
  e_keys text[];
  e_seconds integer[];
BEGIN
  WITH calls AS (
    SELECT -1 AS sign, b.* FROM unnest(p_before_calls) b
    UNION ALL
    SELECT 1, a.* FROM unnest(p_after_calls) a
  ), d AS (
    SELECT kaleyra_ist_day(c.start_time) AS day, c.outcome, sum(c.sign) AS calls,
           sum(c.sign * coalesce(c.seconds_to_answer, 0)) AS seconds_sum,
           sum(c.sign * coalesce(c.talk_seconds, 0)) AS talk_sum
    FROM calls c
    GROUP BY 1, 2
    HAVING sum(c.sign) <> 0 OR sum(c.sign * coalesce(c.seconds_to_answer, 0)) <> 0
        OR sum(c.sign * coalesce(c.talk_seconds, 0)) <> 0
  ), written AS (
    INSERT INTO customer_call_rollup AS r (day, outcome, calls, seconds_sum, talk_sum)
    SELECT d.day, d.outcome, d.calls, d.seconds_sum, d.talk_sum FROM d ORDER BY d.day, d.outcome
    ON CONFLICT (day, outcome) DO UPDATE
      SET calls = r.calls + EXCLUDED.calls, seconds_sum = r.seconds_sum + EXCLUDED.seconds_sum,
          talk_sum = r.talk_sum + EXCLUDED.talk_sum
    RETURNING r.day, r.outcome, r.calls, r.seconds_sum, r.talk_sum
  )
  SELECT array_agg(w.day), array_agg(w.outcome) INTO e_days, e_keys
  FROM written w WHERE w.calls = 0 AND w.seconds_sum = 0 AND w.talk_sum = 0;
  -- A separate statement: it must see the rows the upsert just wrote (and still has locked).
  IF e_days IS NOT NULL THEN
    DELETE FROM customer_call_rollup r USING unnest(e_days, e_keys) AS e(day, outcome)
    WHERE r.day = e.day AND r.outcome = e.outcome AND r.calls = 0 AND r.seconds_sum = 0 AND r.talk_sum = 0;
  END IF;

  WITH calls AS (
    SELECT -1 AS sign, b.* FROM unnest(p_before_calls) b
    UNION ALL
    SELECT 1, a.* FROM unnest(p_after_calls) a
  ), d AS (
    SELECT kaleyra_ist_day(c.start_time) AS day,
           CASE WHEN c.outcome = 'ANSWERED' THEN 'answer' ELSE 'abandon' END AS kind,
           CASE WHEN c.outcome = 'ANSWERED' THEN least(c.seconds_to_answer, 3601)
                ELSE least(coalesce(c.duration, 0), 601) END AS seconds,
           sum(c.sign) AS calls
    FROM calls c
    GROUP BY 1, 2, 3
    HAVING sum(c.sign) <> 0
  ), written AS (
    INSERT INTO customer_call_wait_rollup AS r (day, kind, seconds, calls)
    SELECT d.day, d.kind, d.seconds, d.calls FROM d ORDER BY d.day, d.kind, d.seconds
    ON CONFLICT (day, kind, seconds) DO UPDATE SET calls = r.calls + EXCLUDED.calls
    RETURNING r.day, r.kind, r.seconds, r.calls
  )
  SELECT array_agg(w.day), array_agg(w.kind), array_agg(w.seconds) INTO e_days, e_keys, e_seconds
  FROM written w WHERE w.calls = 0;
  IF e_days IS NOT NULL THEN
    DELETE FROM customer_call_wait_rollup r USING unnest(e_days, e_keys, e_seconds) AS e(day, kind, seconds)
    WHERE r.day = e.day AND r.kind = e.kind AND r.seconds = e.seconds AND r.calls = 0;
  END IF;

  WITH rows AS (
    SELECT kaleyra_ist_day(c.start_time) AS day, c.answered_by AS agent, c.sign AS answered,
           0 AS lost, 0 AS unlinked
    FROM (SELECT -1 AS sign, b.* FROM unnest(p_before_calls) b
          UNION ALL
          SELECT 1, a.* FROM unnest(p_after_calls) a) c
    WHERE c.answered_by IS NOT NULL
    UNION ALL
    SELECT kaleyra_ist_day(k.start_time), k.agent, 0, k.sign * k.lost::integer,
           k.sign * (k.call_id IS NULL)::integer
    FROM (SELECT -1 AS sign, b.* FROM unnest(p_before_legs) b
          UNION ALL
          SELECT 1, a.* FROM unnest(p_after_legs) a) k
  ), d AS (
    SELECT r.day, r.agent, sum(r.answered) AS answered, sum(r.lost) AS lost, sum(r.unlinked) AS unlinked
    FROM rows r
    GROUP BY 1, 2
    HAVING sum(r.answered) <> 0 OR sum(r.lost) <> 0 OR sum(r.unlinked) <> 0
  ), written AS (
    INSERT INTO customer_call_agent_rollup AS r (day, agent, answered_calls, lost_legs, unlinked_legs)
    SELECT d.day, d.agent, d.answered, d.lost, d.unlinked FROM d ORDER BY d.day, d.agent
    ON CONFLICT (day, agent) DO UPDATE
      SET answered_calls = r.answered_calls + EXCLUDED.answered_calls,
          lost_legs = r.lost_legs + EXCLUDED.lost_legs,
          unlinked_legs = r.unlinked_legs + EXCLUDED.unlinked_legs
    RETURNING r.day, r.agent, r.answered_calls, r.lost_legs, r.unlinked_legs
  )
  SELECT array_agg(w.day), array_agg(w.agent) INTO e_days, e_keys
  FROM written w WHERE w.answered_calls = 0 AND w.lost_legs = 0 AND w.unlinked_legs = 0;
  IF e_days IS NOT NULL THEN
    DELETE FROM customer_call_agent_rollup r USING unnest(e_days, e_keys) AS e(day, agent)
    WHERE r.day = e.day AND r.agent = e.agent
      AND r.answered_calls = 0 AND r.lost_legs = 0 AND r.unlinked_legs = 0;
  END IF;
END
$$;

/*
 * Recomputes everything the changed legs affect (see the top of this file) and writes each derived
 * row that changes, once. p_changed: the ids of the changed legs; p_existed: those of them that
 * existed before the transaction changed them (the others have no derived rows yet: a first load
 * probes nothing for them); p_legs: those that exist now, as they are. The caller holds the keys
 * for them (customer_call_lock_legs); p_exclusive says it holds ('all') exclusive.
 *
 * The contract's rules live here, once. A CallForward leg with a parent_id belongs to the call
 * with that id (none when that is no Incoming leg, or not stored yet: nothing is guessed); one
 * without, to its caller's call with start_time <= the leg's start <= window_end, the latest
 * start_time first, then the greatest id. A call's facts come from its linked legs: the
 * answering leg is the earliest ANSWER leg (start_time, then id); answered_at its start plus
 * max(0, duration - billsec) (NULL = 0); seconds_to_answer the whole seconds (rounded down) from
 * the earliest linked leg's start to answered_at; talk_seconds its billsec (NULL = 0); outcome
 * ANSWERED, else NOT_FORWARDED without legs, else CALLER_HUNG_UP when the latest leg (start_time,
 * then id) is CANCEL, else NO_ANSWER. A leg is lost when it is linked, not ANSWER, and its call
 * was not answered.
 *
 * Returns the customers it touched: the normalised numbers (kaleyra_normalize_phone) of every
 * customer call it recomputed and of every CallForward leg whose link it recomputed, as they were
 * and as they are now, distinct and sorted.
 */
-- It returned void before it returned the customers it touched.
DROP FUNCTION IF EXISTS customer_call_apply_changes(text[], text[], kaleyra_call_logs[], boolean);

CREATE OR REPLACE FUNCTION customer_call_apply_changes(
  p_changed text[], p_existed text[], p_legs kaleyra_call_logs[], p_exclusive boolean)
RETURNS text[]
LANGUAGE plpgsql VOLATILE
-- Every lookup here is a handful of rows by key. The plans are cached per session, and a plan made
-- while the tables were small (a fresh install's first sync) would scan them whole forever after.
SET enable_seqscan = off
AS $$
DECLARE
  affected_legs text[];
  links customer_call_legs[];
  affected_calls text[];
  unlocked_calls text[];
  old_calls text[];
  old_legs text[];
  before_calls customer_calls[];
  before_legs customer_call_legs[];
  after_calls customer_calls[];
  after_legs customer_call_legs[];
  gone_calls text[];
  gone_legs text[];
BEGIN
  -- The CallForward legs whose link may change (the changed ones; those naming a changed Incoming
  -- leg as parent; those without parent whose caller and start fall in a changed Incoming leg's
  -- window as it was or as it is), their links now, and the calls whose facts may change. Nothing
  -- is written before the calls' keys are held, so the candidates are customer_calls as the last
  -- commit left them, with the changed Incoming legs as they are now.
  WITH now_incoming AS (
    SELECT l.id, kaleyra_normalize_phone(l.callfrom) AS caller, l.start_time,
           customer_call_window_end(l.start_time, l.end_time, l.duration) AS window_end
    FROM unnest(p_legs) l
    WHERE l.service = 'Incoming'
  ), was_incoming AS (
    SELECT c.id, c.caller, c.start_time, c.window_end FROM customer_calls c WHERE c.id = ANY(p_existed)
  ), unchanged AS (
    -- (= ANY of an array, not IN: the planner's guess for the CTEs can turn IN into a scan of the table)
    SELECT k.*
    FROM customer_call_legs k
    WHERE k.parent_id = ANY(ARRAY(SELECT n.id FROM now_incoming n UNION ALL SELECT w.id FROM was_incoming w))
    UNION
    -- One index range per window (OFFSET 0 keeps the planner from turning this into a hash join
    -- that reads every inferred leg ever stored, once per page).
    SELECT k.*
    FROM (SELECT * FROM now_incoming UNION ALL SELECT * FROM was_incoming) w
    CROSS JOIN LATERAL (
      SELECT k.* FROM customer_call_legs k
      WHERE k.parent_id IS NULL AND k.caller = w.caller
        AND k.start_time >= w.start_time AND k.start_time <= w.window_end
      OFFSET 0) k
  ), forward AS (
    SELECT l.id, kaleyra_normalize_phone(l.callfrom) AS caller, nullif(l.parent_id, '') AS parent_id,
           l.start_time, l.callto AS agent, l.status, l.duration, l.billsec
    FROM unnest(p_legs) l
    WHERE l.service = 'CallForward'
    UNION ALL
    SELECT u.id, u.caller, u.parent_id, u.start_time, u.agent, u.status, u.duration, u.billsec
    FROM unchanged u
    WHERE NOT u.id = ANY(p_changed)
  ), linked AS (
    SELECT f.*,
           CASE WHEN f.parent_id IS NULL THEN (
             SELECT x.id
             FROM ((SELECT c.id, c.start_time FROM customer_calls c
                    WHERE c.caller = f.caller AND c.start_time <= f.start_time
                      AND c.window_end >= f.start_time AND NOT c.id = ANY(p_changed)
                    ORDER BY c.start_time DESC, c.id DESC
                    LIMIT 1)
                   UNION ALL
                   SELECT n.id, n.start_time FROM now_incoming n
                   WHERE n.caller = f.caller AND n.start_time <= f.start_time
                     AND n.window_end >= f.start_time) x
             ORDER BY x.start_time DESC, x.id DESC
             LIMIT 1)
           WHEN f.parent_id = ANY(ARRAY(SELECT n.id FROM now_incoming n)) THEN f.parent_id
           WHEN f.parent_id = ANY(p_changed) THEN NULL
           ELSE (SELECT c.id FROM customer_calls c WHERE c.id = f.parent_id)
           END AS call_id
    FROM forward f
  ), calls AS (
    SELECT DISTINCT x.id
    FROM (SELECT n.id FROM now_incoming n
          UNION ALL SELECT w.id FROM was_incoming w
          UNION ALL SELECT u.call_id FROM unchanged u
          UNION ALL SELECT k.call_id FROM customer_call_legs k WHERE k.id = ANY(p_existed)
          UNION ALL SELECT k.call_id FROM linked k) x
    WHERE x.id IS NOT NULL
  )
  SELECT ARRAY(SELECT x.id FROM unnest(p_changed) AS x(id) UNION SELECT u.id FROM unchanged u),
         ARRAY(SELECT ROW(k.id, k.call_id, k.caller, k.parent_id, k.start_time, k.agent, k.status,
                          k.duration, k.billsec, false)::customer_call_legs
               FROM linked k),
         ARRAY(SELECT c.id FROM calls c),
         -- The calls whose Incoming leg changed are guarded by its ('leg', id) key already.
         ARRAY(SELECT c.id FROM calls c
               WHERE NOT c.id = ANY(ARRAY(SELECT n.id FROM now_incoming n UNION ALL SELECT w.id FROM was_incoming w))
               ORDER BY 1),
         -- Rows to read as they were: none for a leg or call that is new in this transaction.
         ARRAY(SELECT c.id FROM calls c
               WHERE c.id = ANY(p_existed) OR NOT c.id = ANY(ARRAY(SELECT n.id FROM now_incoming n))),
         ARRAY(SELECT x.id FROM unnest(p_existed) AS x(id) UNION SELECT u.id FROM unchanged u)
  INTO affected_legs, links, affected_calls, unlocked_calls, old_calls, old_legs;

  IF NOT p_exclusive THEN
    PERFORM pg_advisory_xact_lock(s.k)
    FROM (SELECT DISTINCT customer_call_lock_key('call', x.id) AS k
          FROM unnest(unlocked_calls) AS x(id) ORDER BY 1) s;
  END IF;

  -- The affected calls and the legs they or the affected legs had, as the last commit left them,
  -- and as they will be; only rows that differ are kept.
  before_calls := ARRAY(SELECT c FROM customer_calls c WHERE c.id = ANY(old_calls));
  before_legs := ARRAY(
    SELECT k FROM customer_call_legs k WHERE k.id = ANY(old_legs)
    UNION
    SELECT k FROM customer_call_members(old_calls) k);
  WITH members AS (
    SELECT b.id, b.call_id, b.start_time, b.agent, b.status, b.duration, b.billsec
    FROM unnest(before_legs) b
    WHERE b.call_id = ANY(affected_calls) AND NOT b.id = ANY(affected_legs)
    UNION ALL
    SELECT n.id, n.call_id, n.start_time, n.agent, n.status, n.duration, n.billsec
    FROM unnest(links) n
    WHERE n.call_id IS NOT NULL
  ), counts AS (
    SELECT m.call_id, count(*)::integer AS n, min(m.start_time) AS first_at
    FROM members m
    GROUP BY m.call_id
  ), answers AS (
    SELECT DISTINCT ON (m.call_id) m.call_id, m.id, m.agent, coalesce(m.billsec, 0) AS talk,
           m.start_time + make_interval(secs => greatest(0, coalesce(m.duration, 0) - coalesce(m.billsec, 0))) AS answered_at
    FROM members m
    WHERE m.status = 'ANSWER'
    ORDER BY m.call_id, m.start_time, m.id
  ), lasts AS (
    SELECT DISTINCT ON (m.call_id) m.call_id, m.status
    FROM members m
    ORDER BY m.call_id, m.start_time DESC, m.id DESC
  ), calls AS (
    SELECT l.id, kaleyra_normalize_phone(l.callfrom) AS caller, l.callfrom AS customer_number,
           l.callto AS did, l.start_time, l.end_time, l.duration, l.location, l.provider,
           customer_call_window_end(l.start_time, l.end_time, l.duration) AS window_end
    FROM unnest(p_legs) l
    WHERE l.service = 'Incoming'
    UNION ALL
    SELECT b.id, b.caller, b.customer_number, b.did, b.start_time, b.end_time, b.duration,
           b.location, b.provider, b.window_end
    FROM unnest(before_calls) b
    WHERE NOT b.id = ANY(p_changed)
  ), after AS (
    SELECT ROW(c.id, c.caller, c.customer_number, c.did, c.start_time, c.end_time, c.duration,
               c.location, c.provider, c.window_end,
               CASE WHEN a.id IS NOT NULL THEN 'ANSWERED'
                    WHEN n.n IS NULL THEN 'NOT_FORWARDED'
                    WHEN z.status = 'CANCEL' THEN 'CALLER_HUNG_UP'
                    ELSE 'NO_ANSWER' END,
               a.id, a.agent, a.answered_at,
               floor(extract(epoch FROM a.answered_at - n.first_at))::integer, a.talk,
               coalesce(n.n, 0))::customer_calls AS r
    FROM calls c
    LEFT JOIN counts n ON n.call_id = c.id
    LEFT JOIN answers a ON a.call_id = c.id
    LEFT JOIN lasts z ON z.call_id = c.id
  ), after_links AS (
    SELECT ROW(n.id, n.call_id, n.caller, n.parent_id, n.start_time, n.agent, n.status, n.duration,
               n.billsec, coalesce((a.r).outcome <> 'ANSWERED' AND n.status <> 'ANSWER', false))::customer_call_legs AS r
    FROM unnest(links) n
    LEFT JOIN after a ON (a.r).id = n.call_id
    UNION ALL
    SELECT ROW(b.id, b.call_id, b.caller, b.parent_id, b.start_time, b.agent, b.status, b.duration,
               b.billsec, (a.r).outcome <> 'ANSWERED' AND b.status <> 'ANSWER')::customer_call_legs
    FROM unnest(before_legs) b
    JOIN after a ON (a.r).id = b.call_id
    WHERE NOT b.id = ANY(affected_legs)
  )
  SELECT ARRAY(SELECT a.r FROM after a LEFT JOIN unnest(before_calls) b ON b.id = (a.r).id
               WHERE b.id IS NULL OR a.r IS DISTINCT FROM b),
         ARRAY(SELECT a.r FROM after_links a LEFT JOIN unnest(before_legs) b ON b.id = (a.r).id
               WHERE b.id IS NULL OR a.r IS DISTINCT FROM b),
         ARRAY(SELECT b.id FROM unnest(before_calls) b
               WHERE NOT EXISTS (SELECT 1 FROM after a WHERE (a.r).id = b.id)),
         ARRAY(SELECT b.id FROM unnest(before_legs) b
               WHERE NOT EXISTS (SELECT 1 FROM after_links a WHERE (a.r).id = b.id))
  INTO after_calls, after_legs, gone_calls, gone_legs;

  IF cardinality(gone_calls) > 0 THEN
    DELETE FROM customer_calls c WHERE c.id = ANY(gone_calls);
  END IF;
  IF cardinality(after_calls) > 0 THEN
    INSERT INTO customer_calls AS c
    SELECT a.* FROM unnest(after_calls) a ORDER BY a.id
    ON CONFLICT (id) DO UPDATE SET
      caller = EXCLUDED.caller, customer_number = EXCLUDED.customer_number, did = EXCLUDED.did,
      start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, duration = EXCLUDED.duration,
      location = EXCLUDED.location, provider = EXCLUDED.provider, window_end = EXCLUDED.window_end,
      outcome = EXCLUDED.outcome, answer_leg_id = EXCLUDED.answer_leg_id,
      answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at,
      seconds_to_answer = EXCLUDED.seconds_to_answer, talk_seconds = EXCLUDED.talk_seconds,
      agents_tried = EXCLUDED.agents_tried;
  END IF;
  IF cardinality(gone_legs) > 0 THEN
    DELETE FROM customer_call_legs k WHERE k.id = ANY(gone_legs);
  END IF;
  IF cardinality(after_legs) > 0 THEN
    INSERT INTO customer_call_legs AS k
    SELECT a.* FROM unnest(after_legs) a ORDER BY a.id
    ON CONFLICT (id) DO UPDATE SET
      call_id = EXCLUDED.call_id, caller = EXCLUDED.caller, parent_id = EXCLUDED.parent_id,
      start_time = EXCLUDED.start_time, agent = EXCLUDED.agent, status = EXCLUDED.status,
      duration = EXCLUDED.duration, billsec = EXCLUDED.billsec, lost = EXCLUDED.lost;
  END IF;

  -- Into the rollups go the old rows of what changed or went, and the new rows.
  IF cardinality(after_calls) > 0 OR cardinality(gone_calls) > 0
     OR cardinality(after_legs) > 0 OR cardinality(gone_legs) > 0 THEN
    PERFORM customer_call_rollups_add(
      ARRAY(SELECT b FROM unnest(before_calls) b
            WHERE b.id = ANY(gone_calls) OR b.id IN (SELECT a.id FROM unnest(after_calls) a)),
      after_calls,
      ARRAY(SELECT b FROM unnest(before_legs) b
            WHERE b.id = ANY(gone_legs) OR b.id IN (SELECT a.id FROM unnest(after_legs) a)),
      after_legs);
  END IF;

  RETURN ARRAY(
    SELECT x.caller
    FROM (SELECT kaleyra_normalize_phone(l.callfrom) AS caller FROM unnest(p_legs) l
          WHERE l.service IN ('Incoming', 'CallForward')
          UNION SELECT b.caller FROM unnest(before_calls) b
          UNION SELECT k.caller FROM unnest(links) k
          UNION SELECT b.caller FROM unnest(before_legs) b) x
    ORDER BY 1);
END
$$;

/*
 * Takes the advisory keys that guard what the changed legs affect (see the top of this file):
 * p_legs, the legs as they are now, and p_old_keys, those of their versions before the change.
 * Returns true when it took ('all') exclusive (over 1000 keys) instead of the keys themselves.
 */
CREATE OR REPLACE FUNCTION customer_call_lock_legs(p_legs kaleyra_call_logs[], p_old_keys bigint[])
RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  keys bigint[];
BEGIN
  keys := ARRAY(
    SELECT DISTINCT k
    FROM (SELECT unnest(customer_call_leg_keys(l.service, l.id, l.callfrom, l.parent_id)) AS k
          FROM unnest(p_legs) l
          UNION ALL
          SELECT unnest(p_old_keys)) x
    ORDER BY 1);
  IF cardinality(keys) > 1000 THEN
    PERFORM pg_advisory_xact_lock(customer_call_lock_key('all', ''));
    RETURN true;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(customer_call_lock_key('all', ''));
  PERFORM pg_advisory_xact_lock(k) FROM unnest(keys) AS k;
  RETURN false;
END
$$;

-- Recomputes what the transaction's queued legs affect, once, at commit. (No sequential scans,
-- for the reason customer_call_apply_changes gives.)
CREATE OR REPLACE FUNCTION customer_call_flush_pending()
RETURNS void
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off
AS $$
DECLARE
  changed text[];
  existed text[];
  old_keys bigint[];
  legs kaleyra_call_logs[];
  affected_customers text[];
BEGIN
  WITH taken AS (
    DELETE FROM customer_call_pending p WHERE p.xid = pg_current_xact_id()
    RETURNING p.leg_ids, p.existed, p.old_keys
  )
  SELECT (SELECT array_agg(DISTINCT i) FROM taken t CROSS JOIN LATERAL unnest(t.leg_ids) AS i),
         (SELECT coalesce(array_agg(DISTINCT i), '{}') FROM taken t CROSS JOIN LATERAL unnest(t.existed) AS i),
         (SELECT array_agg(DISTINCT k) FROM taken t CROSS JOIN LATERAL unnest(t.old_keys) AS k)
  INTO changed, existed, old_keys;
  IF changed IS NULL THEN
    RETURN;
  END IF;
  -- The leg rollup's buckets are always locked before anything here (see the top of this file).
  PERFORM kaleyra_call_rollup_flush_pending();
  legs := ARRAY(SELECT l FROM kaleyra_call_logs l WHERE l.id = ANY(changed));
  affected_customers := customer_call_apply_changes(
    changed, existed, legs, customer_call_lock_legs(legs, old_keys));
  -- Here the links, facts and rollups of every customer in affected_customers (normalised
  -- numbers, see customer_call_apply_changes) are final for this transaction, and the advisory
  -- keys that guarded them are held until commit: the one place for work that reads those
  -- customers' calls as they will commit (rebuild_customer_calls, which replays every leg, is the
  -- other caller of customer_call_apply_changes and needs the same work once at its end).
END
$$;

-- Fires at commit once per queued row; the first firing takes the whole queue, the rest find it empty.
CREATE OR REPLACE FUNCTION customer_call_flush()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  PERFORM customer_call_flush_pending();
  RETURN NULL;
END
$$;

/*
 * The statement triggers on kaleyra_call_logs: queue the ids of the Incoming and CallForward legs
 * (before or after) the statement wrote, with the lock keys of their versions before it; those an
 * UPDATE or a DELETE wrote existed before (an INSERT's did not). An update
 * queues only legs whose linking or facts columns changed (a re-sync that fills in a recording or
 * a caller_id queues nothing), and the empty UPDATE half of an insert-only upsert returns at once.
 */
CREATE OR REPLACE FUNCTION customer_call_queue()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  ids text[];
  old_keys bigint[] := '{}';
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT n.id FROM new_legs n WHERE n.service IN ('Incoming', 'CallForward'));
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(o.id), array_agg(k)
    INTO ids, old_keys
    FROM old_legs o
    CROSS JOIN LATERAL unnest(customer_call_leg_keys(o.service, o.id, o.callfrom, o.parent_id)) AS k
    WHERE o.service IN ('Incoming', 'CallForward');
  ELSE
    PERFORM 1 FROM old_legs LIMIT 1;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    WITH changed AS (
      SELECT n.id AS new_id, o.id AS old_id, o.service, o.callfrom, o.parent_id
      FROM new_legs n
      FULL JOIN old_legs o ON o.id = n.id
      WHERE (n.service IN ('Incoming', 'CallForward') OR o.service IN ('Incoming', 'CallForward'))
        AND (n.id IS NULL OR o.id IS NULL
             OR (n.service, n.callfrom, n.callto, n.start_time, n.end_time, n.duration, n.billsec,
                 n.status, n.location, n.provider, nullif(n.parent_id, ''))
                IS DISTINCT FROM
                (o.service, o.callfrom, o.callto, o.start_time, o.end_time, o.duration, o.billsec,
                 o.status, o.location, o.provider, nullif(o.parent_id, '')))
    )
    SELECT ARRAY(SELECT c.new_id FROM changed c WHERE c.new_id IS NOT NULL
                 UNION
                 SELECT c.old_id FROM changed c WHERE c.old_id IS NOT NULL),
           ARRAY(SELECT unnest(customer_call_leg_keys(c.service, c.old_id, c.callfrom, c.parent_id))
                 FROM changed c WHERE c.old_id IS NOT NULL)
    INTO ids, old_keys;
  END IF;
  IF cardinality(ids) > 0 THEN
    INSERT INTO customer_call_pending (leg_ids, existed, old_keys)
    VALUES (ids, CASE WHEN TG_OP = 'INSERT' THEN '{}' ELSE ids END, coalesce(old_keys, '{}'));
  END IF;
  RETURN NULL;
END
$$;

-- TRUNCATE of the legs: what the transaction queued is about legs that are gone; empty it all.
CREATE OR REPLACE FUNCTION customer_call_truncate()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  DELETE FROM customer_call_pending p WHERE p.xid = pg_current_xact_id();
  TRUNCATE customer_call_legs, customer_calls, customer_call_rollup, customer_call_wait_rollup,
           customer_call_agent_rollup;
  RETURN NULL;
END
$$;

/*
 * Rebuilds the customer calls, their links and rollups from kaleyra_call_logs: empties them, then
 * replays every Incoming and CallForward leg, 5,000 at a time in start order, through the same
 * recomputation the triggers use (its result depends neither on the order nor on the grouping of
 * writes). Needed only after writes that bypassed the triggers (session_replication_role =
 * replica, disabled triggers) or a change to the rules, and the episodes and their rollups with
 * them (rebuild_customer_call_recovery); writers wait while it runs (npm run links:rebuild).
 * Returns the number of customer calls.
 */
CREATE OR REPLACE FUNCTION rebuild_customer_calls()
RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  chunk kaleyra_call_logs[];
  after_time timestamptz := '-infinity';
  after_id text := '';
BEGIN
  LOCK TABLE kaleyra_call_logs IN SHARE MODE;
  DELETE FROM customer_call_pending p WHERE p.xid = pg_current_xact_id();
  PERFORM pg_advisory_xact_lock(customer_call_lock_key('all', ''));
  DELETE FROM customer_call_legs;
  DELETE FROM customer_calls;
  DELETE FROM customer_call_rollup;
  DELETE FROM customer_call_wait_rollup;
  DELETE FROM customer_call_agent_rollup;
  LOOP
    chunk := ARRAY(
      SELECT l FROM kaleyra_call_logs l
      WHERE l.service IN ('Incoming', 'CallForward') AND (l.start_time, l.id) > (after_time, after_id)
      ORDER BY l.start_time, l.id
      LIMIT 5000);
    EXIT WHEN cardinality(chunk) = 0;
    after_time := (chunk[cardinality(chunk)]).start_time;
    after_id := (chunk[cardinality(chunk)]).id;
    PERFORM customer_call_apply_changes(ARRAY(SELECT c.id FROM unnest(chunk) c), '{}', chunk, true);
  END LOOP;
  UPDATE customer_call_state SET built_at = now();
  -- The episodes' rollups count the stored episodes, so the commit-time refresh of every number
  -- (which compares with them) cannot mend episodes lost behind the triggers: rebuild them too.
  -- The function is missing only while a fresh install applies this file before
  -- customer_call_recovery.sql, which builds the episodes itself.
  IF to_regprocedure('rebuild_customer_call_recovery()') IS NOT NULL THEN
    PERFORM rebuild_customer_call_recovery();
  END IF;
  RETURN (SELECT count(*)::integer FROM customer_calls);
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      kaleyra_normalize_phone_separated(text),
      kaleyra_normalize_phone(text),
      customer_call_window_end(timestamptz, timestamptz, integer),
      customer_call_lock_key(text, text),
      customer_call_leg_keys(text, text, text, text),
      customer_call_members(text[]),
      customer_call_rollups_add(customer_calls[], customer_calls[], customer_call_legs[], customer_call_legs[]),
      customer_call_apply_changes(text[], text[], kaleyra_call_logs[], boolean),
      customer_call_lock_legs(kaleyra_call_logs[], bigint[]),
      customer_call_flush_pending(),
      customer_call_flush(),
      customer_call_queue(),
      customer_call_truncate(),
      rebuild_customer_calls()
    TO service_role;
  END IF;
END
$$;

-- Builds the customer calls once when migration 20261201000002 (or a later one that changes the
-- rules) left customer_call_state.built_at NULL: that migration cannot, as the functions it needs
-- live here and are applied after it.
SELECT rebuild_customer_calls() FROM customer_call_state WHERE built_at IS NULL;
