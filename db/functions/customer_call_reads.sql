-- Reading the customer calls (customerCalls, serviceLevel, AgentStats.missedCallsLost): whole IST
-- days from the rollups that db/functions/customer_call_links.sql keeps, the partial days at a
-- range's edges from the rows themselves (the API only sends whole days; the edges keep the
-- functions right for any range).
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- Customer calls of [p_start, p_end) outside its whole IST days (both parts empty for a whole-day
-- range, where the planner drops them: NOT kaleyra_range_is_whole_days folds to false), found by
-- their Incoming legs' (service, start_time, id) index: customer_calls has no time index of its own
-- (migration 20261201000002), and its start_time is its Incoming leg's.
CREATE OR REPLACE FUNCTION customer_calls_in_edges(p_start timestamptz, p_end timestamptz)
RETURNS SETOF customer_calls
LANGUAGE sql STABLE
AS $$
  SELECT c.*
  FROM kaleyra_call_logs l
  JOIN customer_calls c ON c.id = l.id
  WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
    AND l.service = 'Incoming'
    AND l.start_time >= p_start
    AND l.start_time < least(kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)), p_end)
  UNION ALL
  SELECT c.*
  FROM kaleyra_call_logs l
  JOIN customer_calls c ON c.id = l.id
  WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
    AND l.service = 'Incoming'
    AND l.start_time >= greatest(kaleyra_ist_midnight(kaleyra_ist_day(p_end)),
                                 kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)))
    AND l.start_time < p_end;
$$;

-- The same for CallForward legs (found by the legs' start_time index).
CREATE OR REPLACE FUNCTION customer_call_legs_in_edges(p_start timestamptz, p_end timestamptz)
RETURNS SETOF customer_call_legs
LANGUAGE sql STABLE
AS $$
  SELECT k.*
  FROM kaleyra_call_logs l
  JOIN customer_call_legs k ON k.id = l.id
  WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
    AND l.service = 'CallForward'
    AND l.start_time >= p_start
    AND l.start_time < least(kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)), p_end)
  UNION ALL
  SELECT k.*
  FROM kaleyra_call_logs l
  JOIN customer_call_legs k ON k.id = l.id
  WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
    AND l.service = 'CallForward'
    AND l.start_time >= greatest(kaleyra_ist_midnight(kaleyra_ist_day(p_end)),
                                 kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)))
    AND l.start_time < p_end;
$$;

-- Per agent (callto), the CallForward legs of [p_start, p_end) by their own start_time that were
-- lost (see customer_call_legs.lost) and that belong to no customer call. PL/pgSQL, so that it is
-- planned once per connection rather than inlined into (and planned with) every caller's query.
CREATE OR REPLACE FUNCTION customer_call_agent_legs(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (agent text, lost_legs bigint, unlinked_legs bigint)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN QUERY
  SELECT x.agent, sum(x.lost)::bigint, sum(x.unlinked)::bigint
  FROM (
    SELECT a.agent, a.lost_legs AS lost, a.unlinked_legs AS unlinked
    FROM customer_call_agent_rollup a
    WHERE a.day >= kaleyra_ist_day_ceil(p_start) AND a.day < kaleyra_ist_day(p_end)
    UNION ALL
    SELECT e.agent, e.lost::integer, (e.call_id IS NULL)::integer
    FROM customer_call_legs_in_edges(p_start, p_end) e
  ) x
  GROUP BY x.agent;
END
$$;

-- Customer calls per whole IST day of [p_from_day, p_to_day) matching customerCalls' filter
-- without a customer number, from the rollups (an answering agent implies ANSWERED).
CREATE OR REPLACE FUNCTION customer_call_day_counts(
  p_from_day date, p_to_day date, p_outcome text, p_answered_by text)
RETURNS TABLE (day date, calls bigint)
LANGUAGE sql STABLE
AS $$
  SELECT r.day, sum(r.calls)::bigint
  FROM customer_call_rollup r
  WHERE p_answered_by IS NULL AND r.day >= p_from_day AND r.day < p_to_day
    AND (p_outcome IS NULL OR r.outcome = p_outcome)
  GROUP BY r.day
  UNION ALL
  SELECT a.day, a.answered_calls
  FROM customer_call_agent_rollup a
  WHERE p_answered_by IS NOT NULL AND coalesce(p_outcome, 'ANSWERED') = 'ANSWERED'
    AND a.agent = p_answered_by AND a.day >= p_from_day AND a.day < p_to_day AND a.answered_calls > 0;
$$;

/*
 * customerCalls: the customer calls whose Incoming leg starts in [p_start, p_end), newest first
 * (start_time desc, id desc), p_limit after skipping p_offset; filtered by outcome, by the
 * normalised customer number (p_caller) and by the answering agent. A customer number's calls are
 * read by customer_calls' (caller, start_time, id) index; otherwise the Incoming legs are walked
 * newest first by their (service, start_time, id) index and each one's call is joined (the filter
 * is written into the SQL as literals). A deep page is found from the day counts
 * (kaleyra_page_bounds), as get_kaleyra_call_list does, except for a customer number, whose calls
 * are few.
 */
CREATE OR REPLACE FUNCTION get_customer_calls(
  p_start timestamptz, p_end timestamptz,
  p_outcome text DEFAULT NULL, p_caller text DEFAULT NULL, p_answered_by text DEFAULT NULL,
  p_limit integer DEFAULT 50, p_offset integer DEFAULT 0)
RETURNS SETOF customer_calls
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  day_lookup_from CONSTANT integer := 2000;
  rows_from text;
  cond text;
  skip bigint := coalesce(p_offset, 0);
  lo timestamptz := p_start;
  hi timestamptz := p_end;
  ascending boolean := false;
  first_day date := kaleyra_ist_day_ceil(p_start);
  end_day date := kaleyra_ist_day(p_end);
  tail bigint := 0;
  b_time timestamptz;
  b_id text;
BEGIN
  IF p_limit < 0 THEN
    RAISE EXCEPTION 'LIMIT must not be negative' USING ERRCODE = 'invalid_row_count_in_limit_clause';
  END IF;
  IF skip < 0 THEN
    RAISE EXCEPTION 'OFFSET must not be negative' USING ERRCODE = 'invalid_row_count_in_result_offset_clause';
  END IF;
  IF p_answered_by IS NOT NULL AND coalesce(p_outcome, 'ANSWERED') <> 'ANSWERED' THEN
    RETURN; -- only answered calls have an answering agent
  END IF;
  -- r: what is ordered and bounded (start_time, id); c: the call. Both are the same row's.
  IF p_caller IS NOT NULL THEN
    rows_from := format('customer_calls c CROSS JOIN LATERAL (SELECT c.start_time, c.id) r WHERE c.caller = %L', p_caller);
  ELSE
    rows_from := $f$kaleyra_call_logs r JOIN customer_calls c ON c.id = r.id WHERE r.service = 'Incoming'$f$;
  END IF;
  cond := concat_ws(' AND ', rows_from,
    CASE WHEN p_answered_by IS NOT NULL THEN format('c.answered_by = %L', p_answered_by) END,
    CASE WHEN p_outcome IS NOT NULL AND p_answered_by IS NULL THEN format('c.outcome = %L', p_outcome) END);

  IF skip >= day_lookup_from AND first_day < end_day AND p_caller IS NULL THEN
    IF kaleyra_ist_midnight(end_day) < p_end THEN
      EXECUTE format('SELECT count(*) FROM %s AND r.start_time >= $1 AND r.start_time < $2', cond)
        INTO tail USING kaleyra_ist_midnight(end_day), p_end;
    END IF;
    SELECT b.skip, b.lo, b.hi, b.ascending INTO skip, lo, hi, ascending
    FROM (SELECT array_agg(d.day ORDER BY d.day DESC) AS days, array_agg(d.calls ORDER BY d.day DESC) AS counts
          FROM customer_call_day_counts(first_day, end_day, p_outcome, p_answered_by) d) x
    CROSS JOIN LATERAL kaleyra_page_bounds(p_start, p_end, skip, tail, x.days, x.counts) b;
  END IF;

  IF skip > 0 OR ascending THEN
    -- The page's first row (without a filter, by an index-only scan of the legs).
    EXECUTE format('SELECT r.start_time, r.id FROM %s AND r.start_time >= $1 AND r.start_time < $2 ORDER BY r.start_time %s, r.id %2$s OFFSET $3 LIMIT 1',
                   CASE WHEN p_outcome IS NULL AND p_answered_by IS NULL AND p_caller IS NULL
                        THEN $f$kaleyra_call_logs r WHERE r.service = 'Incoming'$f$ ELSE cond END,
                   CASE WHEN ascending THEN 'ASC' ELSE 'DESC' END)
      INTO b_time, b_id USING lo, hi, skip;
    IF b_id IS NULL THEN
      RETURN;
    END IF;
  END IF;

  RETURN QUERY EXECUTE format(
    'SELECT c.* FROM %s AND r.start_time >= $1 AND r.start_time < $2%s ORDER BY r.start_time DESC, r.id DESC LIMIT $5',
    cond, CASE WHEN b_id IS NULL THEN '' ELSE ' AND r.start_time <= $3 AND (r.start_time, r.id) <= ($3, $4)' END)
    USING p_start, hi, b_time, b_id, p_limit;
END
$$;

-- The number of customer calls get_customer_calls pages through: whole days from the rollups.
-- (PL/pgSQL for the reason customer_call_agent_legs gives.)
CREATE OR REPLACE FUNCTION get_customer_call_count(
  p_start timestamptz, p_end timestamptz,
  p_outcome text DEFAULT NULL, p_caller text DEFAULT NULL, p_answered_by text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN (SELECT CASE
    WHEN p_answered_by IS NOT NULL AND coalesce(p_outcome, 'ANSWERED') <> 'ANSWERED' THEN 0
    WHEN p_caller IS NOT NULL THEN
      (SELECT count(*)::integer FROM customer_calls c
       WHERE c.caller = p_caller AND c.start_time >= p_start AND c.start_time < p_end
         AND (p_outcome IS NULL OR c.outcome = p_outcome)
         AND (p_answered_by IS NULL OR c.answered_by = p_answered_by))
    ELSE
      (SELECT coalesce(sum(d.calls), 0)::integer
       FROM customer_call_day_counts(kaleyra_ist_day_ceil(p_start), kaleyra_ist_day(p_end), p_outcome, p_answered_by) d)
      + (SELECT count(*)::integer FROM customer_calls_in_edges(p_start, p_end) e
         WHERE (p_outcome IS NULL OR e.outcome = p_outcome)
           AND (p_answered_by IS NULL OR e.answered_by = p_answered_by))
  END);
END
$$;

/*
 * The legs of customer calls p_ids, each with its call's id: the Incoming leg first, then the
 * linked CallForward legs by start_time, then id.
 */
CREATE OR REPLACE FUNCTION get_customer_call_legs(p_ids text[])
RETURNS TABLE (
  call_id text, id text, uniqid text, callfrom text, callto text, start_time timestamptz,
  end_time timestamptz, duration integer, billsec integer, status text, location text,
  provider text, service text, caller_id text, recording text, synced_at timestamptz,
  parent_id text)
LANGUAGE sql STABLE
AS $$
  SELECT x.call_id, l.id, l.uniqid, l.callfrom, l.callto, l.start_time, l.end_time, l.duration,
         l.billsec, l.status, l.location, l.provider, l.service, l.caller_id, l.recording,
         l.synced_at, l.parent_id
  FROM (
    SELECT c.id AS call_id, c.id AS leg_id, 0 AS rank, c.start_time FROM customer_calls c WHERE c.id = ANY(p_ids)
    UNION ALL
    SELECT k.call_id, k.id, 1, k.start_time FROM customer_call_members(p_ids) k
  ) x
  JOIN kaleyra_call_logs l ON l.id = x.leg_id
  ORDER BY x.call_id, x.rank, x.start_time, x.leg_id;
$$;

/*
 * serviceLevel over [p_start, p_end): the contract's formulas (ServiceLevel), percentages and
 * averages rounded by round(numeric, 2) and NULL when their denominator is 0. answeredWithin and
 * shortAbandoned read the wait histogram of each whole day only up to the threshold. (PL/pgSQL for
 * the reason customer_call_agent_legs gives: planning this query cost more than running it.)
 */
CREATE OR REPLACE FUNCTION get_customer_service_level(
  p_start timestamptz, p_end timestamptz, p_answer_within integer, p_short_abandon integer)
RETURNS TABLE (
  offered integer, answered integer, answered_within integer, missed integer,
  short_abandoned integer, service_level_percent double precision,
  answer_rate_percent double precision, average_seconds_to_answer double precision,
  average_talk_seconds double precision, not_forwarded integer, caller_hung_up integer,
  no_answer integer, unlinked_forward_legs integer)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN QUERY
  WITH days AS (
    SELECT d::date AS day
    FROM generate_series(kaleyra_ist_day_ceil(p_start), kaleyra_ist_day(p_end) - 1, interval '1 day') AS d
  ), edges AS (
    SELECT * FROM customer_calls_in_edges(p_start, p_end)
  ), outcomes AS (
    SELECT r.outcome, r.calls, r.seconds_sum, r.talk_sum
    FROM customer_call_rollup r
    WHERE r.day >= kaleyra_ist_day_ceil(p_start) AND r.day < kaleyra_ist_day(p_end)
    UNION ALL
    SELECT e.outcome, 1, coalesce(e.seconds_to_answer, 0), coalesce(e.talk_seconds, 0) FROM edges e
  ), o AS (
    SELECT coalesce(sum(x.calls), 0) AS offered,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'ANSWERED'), 0) AS answered,
           coalesce(sum(x.seconds_sum) FILTER (WHERE x.outcome = 'ANSWERED'), 0) AS seconds_sum,
           coalesce(sum(x.talk_sum) FILTER (WHERE x.outcome = 'ANSWERED'), 0) AS talk_sum,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'NOT_FORWARDED'), 0) AS not_forwarded,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'CALLER_HUNG_UP'), 0) AS caller_hung_up,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'NO_ANSWER'), 0) AS no_answer
    FROM outcomes x
  ), w AS (
    SELECT
      (SELECT coalesce(sum(h.calls), 0) FROM days
       CROSS JOIN LATERAL (
         SELECT sum(r.calls) AS calls FROM customer_call_wait_rollup r
         WHERE r.day = days.day AND r.kind = 'answer' AND r.seconds <= p_answer_within) h)
      + (SELECT count(*) FROM edges e
         WHERE e.outcome = 'ANSWERED' AND e.seconds_to_answer <= p_answer_within) AS within,
      (SELECT coalesce(sum(h.calls), 0) FROM days
       CROSS JOIN LATERAL (
         SELECT sum(r.calls) AS calls FROM customer_call_wait_rollup r
         WHERE r.day = days.day AND r.kind = 'abandon' AND r.seconds < p_short_abandon) h)
      + (SELECT count(*) FROM edges e
         WHERE e.outcome <> 'ANSWERED' AND coalesce(e.duration, 0) < p_short_abandon) AS short
  )
  SELECT o.offered::integer, o.answered::integer, w.within::integer,
         (o.offered - o.answered)::integer, w.short::integer,
         round(100.0 * w.within / nullif(o.offered - w.short, 0), 2)::double precision,
         round(100.0 * o.answered / nullif(o.offered, 0), 2)::double precision,
         round(o.seconds_sum::numeric / nullif(o.answered, 0), 2)::double precision,
         round(o.talk_sum::numeric / nullif(o.answered, 0), 2)::double precision,
         o.not_forwarded::integer, o.caller_hung_up::integer, o.no_answer::integer,
         (SELECT coalesce(sum(a.unlinked_legs), 0)::integer FROM customer_call_agent_legs(p_start, p_end) a)
  FROM o CROSS JOIN w;
END
$$;

/*
 * customerCallsByDay: customer calls per IST day touched by [p_start, p_end) (a call's day is its
 * Incoming leg's), zero-filled, by outcome: whole days from customer_call_rollup, the partial days
 * at a ragged range's edges from the calls themselves. day is text (YYYY-MM-DD), as in
 * get_kaleyra_daily_volume, so that no driver turns it into a local-midnight Date.
 */
CREATE OR REPLACE FUNCTION get_customer_call_daily(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (
  day text, offered integer, answered integer, missed integer, not_forwarded integer,
  caller_hung_up integer, no_answer integer)
LANGUAGE sql STABLE
AS $$
  WITH days AS (
    SELECT d::date AS day
    FROM generate_series(kaleyra_ist_day(p_start), kaleyra_ist_day(p_end - interval '1 microsecond'),
                         interval '1 day') AS d
  ), outcomes AS (
    SELECT r.day, r.outcome, r.calls
    FROM customer_call_rollup r
    WHERE r.day >= kaleyra_ist_day_ceil(p_start) AND r.day < kaleyra_ist_day(p_end)
    UNION ALL
    SELECT kaleyra_ist_day(e.start_time), e.outcome, 1 FROM customer_calls_in_edges(p_start, p_end) e
  ), counts AS (
    SELECT x.day,
           sum(x.calls) AS offered,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'ANSWERED'), 0) AS answered,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'NOT_FORWARDED'), 0) AS not_forwarded,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'CALLER_HUNG_UP'), 0) AS caller_hung_up,
           coalesce(sum(x.calls) FILTER (WHERE x.outcome = 'NO_ANSWER'), 0) AS no_answer
    FROM outcomes x
    GROUP BY x.day
  )
  SELECT to_char(days.day, 'YYYY-MM-DD'),
         coalesce(c.offered, 0)::integer,
         coalesce(c.answered, 0)::integer,
         coalesce(c.offered - c.answered, 0)::integer,
         coalesce(c.not_forwarded, 0)::integer,
         coalesce(c.caller_hung_up, 0)::integer,
         coalesce(c.no_answer, 0)::integer
  FROM days LEFT JOIN counts c USING (day)
  ORDER BY days.day;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      customer_calls_in_edges(timestamptz, timestamptz),
      customer_call_legs_in_edges(timestamptz, timestamptz),
      customer_call_agent_legs(timestamptz, timestamptz),
      customer_call_day_counts(date, date, text, text),
      get_customer_calls(timestamptz, timestamptz, text, text, text, integer, integer),
      get_customer_call_count(timestamptz, timestamptz, text, text, text),
      get_customer_call_legs(text[]),
      get_customer_service_level(timestamptz, timestamptz, integer, integer),
      get_customer_call_daily(timestamptz, timestamptz)
    TO service_role;
  END IF;
END
$$;
