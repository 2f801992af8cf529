-- Why: the dashboard functions of 20261121000004 scanned every leg in the range. They now read
-- kaleyra_call_rollup (20261121001000) for the whole IST days of the range, and legs only for a
-- partial day at either edge (the API always asks for whole days, so in practice never), so their
-- cost no longer grows with the number of calls. The call list finds a deep page's day from the
-- rollup and its first row by an index-only scan within that day (20261121001001), and its count
-- comes from the rollup. Signatures and results are unchanged.

-- The first IST day that starts at or after p_at.
CREATE OR REPLACE FUNCTION kaleyra_ist_day_ceil(p_at timestamptz)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN kaleyra_ist_midnight(kaleyra_ist_day(p_at)) < p_at
              THEN kaleyra_ist_day(p_at) + 1 ELSE kaleyra_ist_day(p_at) END;
$$;

/*
 * The buckets of [p_start, p_end): rollup rows for the IST days wholly inside the range, plus the
 * legs of the partial days at its edges grouped the same way. Every aggregate below is a sum over
 * these rows. (Inlined into its callers, so the planner sees the bounds.)
 */
CREATE OR REPLACE FUNCTION kaleyra_call_buckets(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (day date, service text, status text, agent text, legs bigint, billsec bigint)
LANGUAGE sql STABLE
AS $$
  SELECT r.day, r.service, r.status, r.agent, r.legs, r.billsec
  FROM kaleyra_call_rollup r
  WHERE r.day >= kaleyra_ist_day_ceil(p_start) AND r.day < kaleyra_ist_day(p_end)
  UNION ALL
  SELECT kaleyra_ist_day(e.start_time), e.service, e.status, kaleyra_call_agent(e.service, e.callfrom, e.callto),
         count(*), coalesce(sum(e.billsec), 0)
  FROM (
    -- before the first whole day
    SELECT l.start_time, l.service, l.status, l.callfrom, l.callto, l.billsec
    FROM kaleyra_call_logs l
    WHERE l.start_time >= p_start
      AND l.start_time < least(kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)), p_end)
    UNION ALL
    -- after the last whole day (or, when there is none, the rest of the range)
    SELECT l.start_time, l.service, l.status, l.callfrom, l.callto, l.billsec
    FROM kaleyra_call_logs l
    WHERE l.start_time >= greatest(kaleyra_ist_midnight(kaleyra_ist_day(p_end)),
                                   kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)))
      AND l.start_time < p_end
  ) e
  GROUP BY 1, 2, 3, 4;
$$;

-- The call list's filter on a bucket; the same meaning as kaleyra_call_matches on a leg.
CREATE OR REPLACE FUNCTION kaleyra_bucket_matches(
  p_bucket_service text, p_bucket_status text, p_bucket_agent text,
  p_service text, p_agent text, p_status text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (p_service IS NULL
          OR p_bucket_service = p_service
          OR (p_service = 'OTHER' AND p_bucket_service NOT IN ('Incoming', 'CallForward', 'Click2Call')))
     AND (p_status IS NULL OR p_bucket_status = p_status)
     AND (p_agent IS NULL
          OR (p_bucket_service IN ('CallForward', 'Click2Call') AND p_bucket_agent = p_agent));
$$;

CREATE OR REPLACE FUNCTION get_kaleyra_call_volume(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (total integer, incoming integer, forwarded integer, click2call integer)
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(sum(b.legs), 0)::integer,
         coalesce(sum(b.legs) FILTER (WHERE b.service = 'Incoming'), 0)::integer,
         coalesce(sum(b.legs) FILTER (WHERE b.service = 'CallForward'), 0)::integer,
         coalesce(sum(b.legs) FILTER (WHERE b.service = 'Click2Call'), 0)::integer
  FROM kaleyra_call_buckets(p_start, p_end) b;
$$;

-- One row per agent (callto of CallForward legs). Answered = status ANSWER; missed = any other status.
CREATE OR REPLACE FUNCTION get_kaleyra_agent_stats(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (agent_number text, calls_answered integer, total_talk_seconds integer, missed_calls integer)
LANGUAGE sql STABLE
AS $$
  SELECT b.agent,
         coalesce(sum(b.legs) FILTER (WHERE b.status = 'ANSWER'), 0)::integer,
         coalesce(sum(b.billsec) FILTER (WHERE b.status = 'ANSWER'), 0)::integer,
         coalesce(sum(b.legs) FILTER (WHERE b.status <> 'ANSWER'), 0)::integer
  FROM kaleyra_call_buckets(p_start, p_end) b
  WHERE b.service = 'CallForward'
  GROUP BY b.agent
  HAVING sum(b.legs) > 0
  ORDER BY 2 DESC, 1;
$$;

-- Every IST day touched by the range appears, zero-filled. day is text (YYYY-MM-DD) so that no
-- driver turns it into a local-midnight Date.
CREATE OR REPLACE FUNCTION get_kaleyra_daily_volume(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (day text, incoming integer, forwarded integer)
LANGUAGE sql STABLE
AS $$
  WITH days AS (
    SELECT d::date AS day
    FROM generate_series((p_start AT TIME ZONE 'Asia/Kolkata')::date,
                         ((p_end - interval '1 microsecond') AT TIME ZONE 'Asia/Kolkata')::date,
                         interval '1 day') AS d
  ), counts AS (
    SELECT b.day,
           sum(b.legs) FILTER (WHERE b.service = 'Incoming') AS incoming,
           sum(b.legs) FILTER (WHERE b.service = 'CallForward') AS forwarded
    FROM kaleyra_call_buckets(p_start, p_end) b
    GROUP BY b.day
  )
  SELECT to_char(days.day, 'YYYY-MM-DD'),
         coalesce(counts.incoming, 0)::integer,
         coalesce(counts.forwarded, 0)::integer
  FROM days LEFT JOIN counts USING (day)
  ORDER BY days.day;
$$;

-- Kaleyra's status strings verbatim, most frequent first.
CREATE OR REPLACE FUNCTION get_kaleyra_status_breakdown(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (status text, count integer)
LANGUAGE sql STABLE
AS $$
  SELECT b.status, sum(b.legs)::integer
  FROM kaleyra_call_buckets(p_start, p_end) b
  GROUP BY b.status
  HAVING sum(b.legs) > 0
  ORDER BY 2 DESC, 1;
$$;

CREATE OR REPLACE FUNCTION get_kaleyra_call_count(
  p_start timestamptz, p_end timestamptz,
  p_service text DEFAULT NULL, p_agent text DEFAULT NULL, p_status text DEFAULT NULL)
RETURNS integer
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(sum(b.legs), 0)::integer
  FROM kaleyra_call_buckets(p_start, p_end) b
  WHERE kaleyra_bucket_matches(b.service, b.status, b.agent, p_service, p_agent, p_status);
$$;

/*
 * Newest first (start_time desc, id desc), p_limit legs after skipping p_offset. The filter is
 * written into the SQL as literals (not as "param IS NULL OR ..."), so that the planner picks the
 * index made for it (20261121001001); an agent filter without a service reads both agent indexes
 * and merges them. A deep page is found in steps whose cost does not grow with the offset: the
 * rollup gives the IST day that holds row p_offset and how many of its rows come before it; an
 * index-only scan from the nearer end of that day gives the page's first (start_time, id); the
 * page is read from there.
 */
CREATE OR REPLACE FUNCTION get_kaleyra_call_list(
  p_start timestamptz, p_end timestamptz,
  p_service text DEFAULT NULL, p_agent text DEFAULT NULL, p_status text DEFAULT NULL,
  p_limit integer DEFAULT 50, p_offset integer DEFAULT 0)
RETURNS SETOF kaleyra_call_logs
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  -- Shorter skips just walk the index; from here on, asking the rollup first is cheaper.
  day_lookup_from CONSTANT integer := 2000;
  branches text[];
  status_cond text := CASE WHEN p_status IS NULL THEN '' ELSE format(' AND l.status = %L', p_status) END;
  skip bigint := coalesce(p_offset, 0);
  lo timestamptz := p_start;
  hi timestamptz := p_end;
  ascending boolean := false;
  first_day date := kaleyra_ist_day_ceil(p_start);
  end_day date := kaleyra_ist_day(p_end);
  found_day date;
  day_legs bigint;
  newer bigint;
  n bigint := 0;
  b_time timestamptz;
  b_id text;
  q text;
BEGIN
  -- As LIMIT and OFFSET would, also when no query below gets to run.
  IF p_limit < 0 THEN
    RAISE EXCEPTION 'LIMIT must not be negative' USING ERRCODE = 'invalid_row_count_in_limit_clause';
  END IF;
  IF skip < 0 THEN
    RAISE EXCEPTION 'OFFSET must not be negative' USING ERRCODE = 'invalid_row_count_in_result_offset_clause';
  END IF;

  IF p_agent IS NULL THEN
    branches := ARRAY[CASE
      WHEN p_service IS NULL THEN 'true'
      WHEN p_service = 'OTHER' THEN $c$l.service NOT IN ('Incoming', 'CallForward', 'Click2Call')$c$
      ELSE format('l.service = %L', p_service) END];
  ELSIF p_service IS NULL THEN
    branches := ARRAY[format($c$l.service = 'CallForward' AND l.callto = %L$c$, p_agent),
                      format($c$l.service = 'Click2Call' AND l.callfrom = %L$c$, p_agent)];
  ELSIF p_service = 'CallForward' THEN
    branches := ARRAY[format($c$l.service = 'CallForward' AND l.callto = %L$c$, p_agent)];
  ELSIF p_service = 'Click2Call' THEN
    branches := ARRAY[format($c$l.service = 'Click2Call' AND l.callfrom = %L$c$, p_agent)];
  ELSE
    RETURN; -- only CallForward and Click2Call legs have an agent
  END IF;

  IF skip >= day_lookup_from AND first_day < end_day THEN
    IF kaleyra_ist_midnight(end_day) < p_end THEN
      -- The range ends inside a day: its legs there come first.
      SELECT string_agg(format('(SELECT 1 FROM kaleyra_call_logs l WHERE l.start_time >= $1 AND l.start_time < $2 AND %s%s)',
                               b, status_cond), ' UNION ALL ')
      INTO q FROM unnest(branches) AS b;
      EXECUTE format('SELECT count(*) FROM (%s) x', q) INTO n USING kaleyra_ist_midnight(end_day), p_end;
    END IF;
    IF skip >= n THEN
      skip := skip - n;
      SELECT x.day, x.legs, x.cum - x.legs INTO found_day, day_legs, newer
      FROM (
        SELECT r.day, sum(r.legs) AS legs, sum(sum(r.legs)) OVER (ORDER BY r.day DESC) AS cum
        FROM kaleyra_call_rollup r
        WHERE r.day >= first_day AND r.day < end_day
          AND kaleyra_bucket_matches(r.service, r.status, r.agent, p_service, p_agent, p_status)
        GROUP BY r.day
      ) x
      WHERE x.cum > skip
      ORDER BY x.day DESC
      LIMIT 1;
      IF found_day IS NOT NULL THEN
        skip := skip - newer;
        hi := kaleyra_ist_midnight(found_day + 1);
        IF skip >= day_legs / 2 THEN
          -- Nearer the day's start: count from there.
          ascending := true;
          lo := kaleyra_ist_midnight(found_day);
          skip := day_legs - 1 - skip;
        END IF;
      ELSE
        -- Past every whole day: the page starts in the partial day at the bottom, if anywhere.
        SELECT coalesce(sum(r.legs), 0) INTO n
        FROM kaleyra_call_rollup r
        WHERE r.day >= first_day AND r.day < end_day
          AND kaleyra_bucket_matches(r.service, r.status, r.agent, p_service, p_agent, p_status);
        skip := skip - n;
        hi := kaleyra_ist_midnight(first_day);
      END IF;
    END IF;
  END IF;

  IF skip > 0 OR ascending THEN
    -- The page's first row, by an index-only scan (only start_time and id are read).
    SELECT string_agg(format('(SELECT l.start_time, l.id FROM kaleyra_call_logs l WHERE l.start_time >= $1 AND l.start_time < $2 AND %s%s ORDER BY l.start_time %s, l.id %3$s LIMIT $3 + 1)',
                             b, status_cond, CASE WHEN ascending THEN 'ASC' ELSE 'DESC' END), ' UNION ALL ')
    INTO q FROM unnest(branches) AS b;
    EXECUTE format('SELECT k.start_time, k.id FROM (%s) k ORDER BY k.start_time %s, k.id %2$s OFFSET $3 LIMIT 1',
                   q, CASE WHEN ascending THEN 'ASC' ELSE 'DESC' END)
      INTO b_time, b_id USING lo, hi, skip;
    IF b_id IS NULL THEN
      RETURN;
    END IF;
  END IF;

  SELECT string_agg(format('(SELECT l.* FROM kaleyra_call_logs l WHERE l.start_time >= $1 AND l.start_time < $2 AND %s%s%s ORDER BY l.start_time DESC, l.id DESC LIMIT $5)',
                           b, status_cond,
                           CASE WHEN b_id IS NULL THEN '' ELSE ' AND l.start_time <= $3 AND (l.start_time, l.id) <= ($3, $4)' END),
                    ' UNION ALL ')
  INTO q FROM unnest(branches) AS b;
  IF cardinality(branches) > 1 THEN
    q := format('SELECT p.* FROM (%s) p ORDER BY p.start_time DESC, p.id DESC LIMIT $5', q);
  END IF;
  RETURN QUERY EXECUTE q USING p_start, hi, b_time, b_id, p_limit;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      kaleyra_ist_day_ceil(timestamptz),
      kaleyra_call_buckets(timestamptz, timestamptz),
      kaleyra_bucket_matches(text, text, text, text, text, text)
    TO service_role;
  END IF;
END
$$;
