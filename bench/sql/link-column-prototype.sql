-- BENCHMARK ONLY, never applied by the app: a prototype of the design that earlier BENCHMARKS.md
-- sections named as the one that might bring "upsert with link maintenance ÷ without" to 0.8
-- (issue 12); BENCHMARKS.md, "The other design, prototyped", has what it measured. No derived row
-- per leg: each leg's customer call is a column of its own row (bench_call_id), and the call's
-- facts (outcome, answering agent, answeredAt, first leg, legs, talk) are columns of its Incoming
-- leg's row, all computed inside the upsert's own statement, and so are the deltas of two rollups.
--
-- It is a lower bound on that design's cost, not an implementation of it. It links a page's legs
-- (parent_id first, then the caller-and-window inference, the latest start winning), computes
-- facts from the page's legs plus the stored legs of the same calls, and updates an Incoming leg
-- stored by an earlier page. It leaves out what a correct version must add: legs stored before
-- their Incoming leg (relinking them), re-syncs that move a leg, other writers (a commit-time
-- step), locks against concurrent writers, the agent rollup, and issue 13's episodes, rollups
-- and caller tables. On the bench's data, stored in sync order, its links, outcomes and both
-- rollups equal production's (bench:sync checks that after each pass and fails otherwise).
--
-- A template: bench:sync replaces the marker after WITH below with the `input` and `changed` CTEs
-- of upsert_kaleyra_call_log_columns as db/functions/call_log_upsert.sql has them today, so the
-- prototype pays exactly what the production upsert pays, plus its own work.

ALTER TABLE kaleyra_call_logs
  ADD COLUMN bench_call_id text,                 -- the leg's customer call (Incoming: itself)
  ADD COLUMN bench_caller text,                  -- Incoming only: kaleyra_normalize_phone(callfrom)
  ADD COLUMN bench_outcome text,                 -- Incoming only: the call's facts
  ADD COLUMN bench_answered_by text,
  ADD COLUMN bench_answered_at timestamptz,
  ADD COLUMN bench_first_leg_start timestamptz,
  ADD COLUMN bench_leg_count integer,
  ADD COLUMN bench_talk_seconds integer;

-- Two of the rollups serviceLevel reads, shaped as production's customer_call_rollup and
-- customer_call_wait_rollup (the agent rollup is left out).
CREATE TABLE bench_link_column_rollup (
  day date NOT NULL, outcome text NOT NULL,
  calls bigint NOT NULL, seconds_sum bigint NOT NULL, talk_sum bigint NOT NULL,
  PRIMARY KEY (day, outcome)
) WITH (fillfactor = 70);
CREATE TABLE bench_link_column_wait_rollup (
  day date NOT NULL, kind text NOT NULL, seconds integer NOT NULL, calls bigint NOT NULL,
  PRIMARY KEY (day, kind, seconds)
) WITH (fillfactor = 70);

-- A call's legs; the inference's "caller's latest call starting at or before the leg".
CREATE INDEX bench_link_column_call_idx ON kaleyra_call_logs (bench_call_id)
  WHERE bench_call_id IS NOT NULL AND service = 'CallForward';
CREATE INDEX bench_link_column_caller_idx ON kaleyra_call_logs (bench_caller, start_time)
  WHERE bench_caller IS NOT NULL;

CREATE OR REPLACE FUNCTION bench_link_column_upsert(
  p_id text[], p_uniqid text[], p_callfrom text[], p_callto text[],
  p_start_time timestamptz[], p_end_time timestamptz[], p_duration integer[], p_billsec integer[],
  p_status text[], p_location text[], p_provider text[], p_service text[],
  p_caller_id text[], p_recording text[], p_parent_id text[])
RETURNS TABLE (inserted integer, updated integer)
-- enable_seqscan off, as production's commit-time flush: every lookup is a few rows by key, and a
-- plan made while the table was empty must not scan it whole later.
LANGUAGE sql VOLATILE SET enable_seqscan = off
AS $$
  WITH __UPSERT_INPUT_AND_CHANGED__
  , inc AS (
    -- The page's Incoming legs: calls its forward legs may link to before they are stored.
    SELECT c.id, kaleyra_normalize_phone(c.callfrom) AS caller, c.start_time,
           customer_call_window_end(c.start_time, c.end_time, c.duration) AS window_end
    FROM changed c WHERE c.service = 'Incoming'
  ), linked AS (
    -- Rule 1 (parent_id: the page, else the table), else rule 2 (caller and window, the latest start).
    SELECT c.*,
      CASE WHEN c.service = 'Incoming' THEN c.id
           WHEN c.service <> 'CallForward' THEN NULL
           WHEN nullif(c.parent_id, '') IS NOT NULL THEN coalesce(pi.id,
             (SELECT k.id FROM kaleyra_call_logs k WHERE k.id = c.parent_id AND k.service = 'Incoming'))
           ELSE (SELECT x.id FROM (
                   SELECT p.id, p.start_time FROM inc p
                    WHERE p.caller = kaleyra_normalize_phone(c.callfrom)
                      AND p.start_time <= c.start_time AND p.window_end >= c.start_time
                   UNION ALL
                   (SELECT k.id, k.start_time FROM kaleyra_call_logs k
                     WHERE k.bench_caller = kaleyra_normalize_phone(c.callfrom)
                       AND k.start_time <= c.start_time
                       AND customer_call_window_end(k.start_time, k.end_time, k.duration) >= c.start_time
                     ORDER BY k.bench_caller DESC, k.start_time DESC LIMIT 1)
                 ) x ORDER BY x.start_time DESC, x.id DESC LIMIT 1)
      END AS call_id
    FROM changed c LEFT JOIN inc pi ON pi.id = c.parent_id
  ), page_legs AS (
    SELECT l.call_id, l.id, l.start_time, l.status, l.duration, l.billsec, l.callto
    FROM linked l WHERE l.service = 'CallForward' AND l.call_id IS NOT NULL
  ), all_legs AS (
    -- Every leg of the page's calls: the page's and those stored by earlier pages.
    SELECT * FROM page_legs
    UNION ALL
    SELECT k.bench_call_id, k.id, k.start_time, k.status, k.duration, k.billsec, k.callto
    FROM kaleyra_call_logs k
    WHERE k.bench_call_id IN (SELECT DISTINCT call_id FROM page_legs) AND k.service = 'CallForward'
      AND k.bench_call_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM page_legs p WHERE p.id = k.id)
  ), facts AS (
    SELECT g.call_id, count(*)::integer AS legs, min(g.start_time) AS first_start,
      (array_agg(g.callto ORDER BY g.start_time, g.id) FILTER (WHERE g.status = 'ANSWER'))[1] AS answered_by,
      (array_agg(g.start_time + make_interval(secs => greatest(0, coalesce(g.duration, 0) - coalesce(g.billsec, 0)))
                 ORDER BY g.start_time, g.id) FILTER (WHERE g.status = 'ANSWER'))[1] AS answered_at,
      (array_agg(coalesce(g.billsec, 0) ORDER BY g.start_time, g.id) FILTER (WHERE g.status = 'ANSWER'))[1] AS talk,
      bool_or(g.status = 'ANSWER') AS answered,
      (array_agg(g.status ORDER BY g.start_time DESC, g.id DESC))[1] AS last_status
    FROM all_legs g GROUP BY g.call_id
  ), facts_out AS (
    SELECT f.call_id, f.legs, f.first_start, f.answered_by, f.answered_at, f.talk,
           CASE WHEN f.answered THEN 'ANSWERED' WHEN f.last_status = 'CANCEL' THEN 'CALLER_HUNG_UP'
                ELSE 'NO_ANSWER' END AS outcome
    FROM facts f
  ), before AS (
    -- The stored facts of those calls as this statement found them (every CTE reads one snapshot).
    SELECT t.id, t.start_time, t.duration, t.bench_outcome, t.bench_answered_at, t.bench_first_leg_start,
           t.bench_talk_seconds
    FROM kaleyra_call_logs t JOIN facts_out f ON t.id = f.call_id
    WHERE NOT EXISTS (SELECT 1 FROM changed c WHERE c.id = f.call_id)
  ), earlier AS (
    -- Calls whose Incoming leg an earlier page stored: their facts change in place.
    UPDATE kaleyra_call_logs t
       SET bench_outcome = f.outcome, bench_answered_by = f.answered_by, bench_answered_at = f.answered_at,
           bench_first_leg_start = f.first_start, bench_leg_count = f.legs, bench_talk_seconds = f.talk
      FROM facts_out f
     WHERE t.id = f.call_id AND NOT EXISTS (SELECT 1 FROM changed c WHERE c.id = f.call_id)
       AND (t.bench_outcome, t.bench_answered_by, t.bench_answered_at, t.bench_first_leg_start, t.bench_leg_count)
           IS DISTINCT FROM (f.outcome, f.answered_by, f.answered_at, f.first_start, f.legs)
    RETURNING 1
  ), versions AS (
    -- +1 for each call as it is now, -1 for each as it was: the new Incoming legs, and the calls
    -- of `before` (both versions; those whose facts did not change cancel out).
    SELECT 1 AS sign, l.start_time, coalesce(f.outcome, 'NOT_FORWARDED') AS outcome, l.duration,
           f.answered_at, f.first_start, f.talk
    FROM linked l LEFT JOIN facts_out f ON f.call_id = l.id
    WHERE l.service = 'Incoming'
    UNION ALL
    SELECT -1, b.start_time, b.bench_outcome, b.duration, b.bench_answered_at, b.bench_first_leg_start,
           b.bench_talk_seconds
    FROM before b
    UNION ALL
    SELECT 1, b.start_time, f.outcome, b.duration, f.answered_at, f.first_start, f.talk
    FROM before b JOIN facts_out f ON f.call_id = b.id
  ), keyed AS (
    SELECT v.sign, kaleyra_ist_day(v.start_time) AS day, v.outcome,
           CASE WHEN v.outcome = 'ANSWERED'
                THEN floor(extract(epoch FROM v.answered_at - v.first_start))::integer END AS answer_seconds,
           CASE WHEN v.outcome = 'ANSWERED' THEN coalesce(v.talk, 0) END AS talk,
           CASE WHEN v.outcome <> 'ANSWERED' THEN least(coalesce(v.duration, 0), 601) END AS abandon_seconds
    FROM versions v
  ), rolled AS (
    INSERT INTO bench_link_column_rollup AS r (day, outcome, calls, seconds_sum, talk_sum)
    SELECT k.day, k.outcome, sum(k.sign), coalesce(sum(k.sign * k.answer_seconds), 0),
           coalesce(sum(k.sign * k.talk), 0)
    FROM keyed k GROUP BY k.day, k.outcome
    ON CONFLICT (day, outcome) DO UPDATE SET
      calls = r.calls + EXCLUDED.calls, seconds_sum = r.seconds_sum + EXCLUDED.seconds_sum,
      talk_sum = r.talk_sum + EXCLUDED.talk_sum
    RETURNING 1
  ), waited AS (
    INSERT INTO bench_link_column_wait_rollup AS w (day, kind, seconds, calls)
    SELECT x.day, x.kind, x.seconds, sum(x.sign)
    FROM (SELECT k.day, 'answer' AS kind, least(k.answer_seconds, 3601) AS seconds, k.sign
          FROM keyed k WHERE k.answer_seconds IS NOT NULL
          UNION ALL
          SELECT k.day, 'abandon', k.abandon_seconds, k.sign FROM keyed k WHERE k.abandon_seconds IS NOT NULL) x
    GROUP BY x.day, x.kind, x.seconds
    ON CONFLICT (day, kind, seconds) DO UPDATE SET calls = w.calls + EXCLUDED.calls
    RETURNING 1
  ), written AS (
    INSERT INTO kaleyra_call_logs AS t
      (id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
       provider, service, caller_id, recording, parent_id, synced_at,
       bench_call_id, bench_outcome, bench_answered_by, bench_answered_at, bench_first_leg_start, bench_leg_count,
       bench_talk_seconds, bench_caller)
    SELECT l.id, l.uniqid, l.callfrom, l.callto, l.start_time, l.end_time, l.duration, l.billsec, l.status,
           l.location, l.provider, l.service, l.caller_id, l.recording, l.parent_id, now(),
           l.call_id,
           CASE WHEN l.service = 'Incoming' THEN coalesce(f.outcome, 'NOT_FORWARDED') END,
           f.answered_by, f.answered_at, f.first_start,
           CASE WHEN l.service = 'Incoming' THEN coalesce(f.legs, 0) END, f.talk,
           CASE WHEN l.service = 'Incoming' THEN kaleyra_normalize_phone(l.callfrom) END
    FROM linked l LEFT JOIN facts_out f ON l.service = 'Incoming' AND f.call_id = l.id
    ON CONFLICT (id) DO UPDATE SET
      uniqid = EXCLUDED.uniqid, callfrom = EXCLUDED.callfrom, callto = EXCLUDED.callto,
      start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, duration = EXCLUDED.duration,
      billsec = EXCLUDED.billsec, status = EXCLUDED.status, location = EXCLUDED.location,
      provider = EXCLUDED.provider, service = EXCLUDED.service, caller_id = EXCLUDED.caller_id,
      recording = EXCLUDED.recording, parent_id = EXCLUDED.parent_id, synced_at = EXCLUDED.synced_at,
      bench_call_id = EXCLUDED.bench_call_id, bench_outcome = EXCLUDED.bench_outcome,
      bench_answered_by = EXCLUDED.bench_answered_by, bench_answered_at = EXCLUDED.bench_answered_at,
      bench_first_leg_start = EXCLUDED.bench_first_leg_start, bench_leg_count = EXCLUDED.bench_leg_count,
      bench_talk_seconds = EXCLUDED.bench_talk_seconds,
      bench_caller = EXCLUDED.bench_caller
    RETURNING (xmax = 0) AS is_insert
  )
  -- `earlier`, `rolled` and `waited` run to completion although nothing reads them (a
  -- data-modifying WITH always does).
  SELECT (count(*) FILTER (WHERE is_insert))::integer,
         (count(*) FILTER (WHERE NOT is_insert))::integer
  FROM written;
$$;
