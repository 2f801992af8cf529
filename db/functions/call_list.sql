-- The raw leg list (callList): one page, newest first, and its count.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

/*
 * Where a deep page of a list ordered newest first (start_time desc, id desc) over
 * [p_start, p_end) starts, from row counts per IST day instead of skipping rows one by one: the
 * caller counts p_tail rows in the partial day after the last whole day (they come first) and
 * gives p_counts rows for each whole day p_days, newest day first. The page's first row is then
 * row `skip` of [lo, hi) read newest first, or, when `ascending`, oldest first (the nearer end of
 * the day that holds it). Shared by get_kaleyra_call_list and get_customer_calls.
 */
CREATE OR REPLACE FUNCTION kaleyra_page_bounds(
  p_start timestamptz, p_end timestamptz, p_skip bigint, p_tail bigint,
  p_days date[], p_counts bigint[],
  OUT skip bigint, OUT lo timestamptz, OUT hi timestamptz, OUT ascending boolean)
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  found_day date;
  day_rows bigint;
  newer bigint;
BEGIN
  skip := p_skip;
  lo := p_start;
  hi := p_end;
  ascending := false;
  IF skip < p_tail THEN
    RETURN;
  END IF;
  skip := skip - p_tail;
  SELECT x.day, x.n, x.cum - x.n INTO found_day, day_rows, newer
  FROM (
    SELECT d.day, d.n, sum(d.n) OVER (ORDER BY d.day DESC) AS cum
    FROM unnest(p_days, p_counts) AS d(day, n)
  ) x
  WHERE x.cum > skip
  ORDER BY x.day DESC
  LIMIT 1;
  IF found_day IS NOT NULL THEN
    skip := skip - newer;
    hi := kaleyra_ist_midnight(found_day + 1);
    IF skip >= day_rows / 2 THEN
      -- Nearer the day's start: count from there.
      ascending := true;
      lo := kaleyra_ist_midnight(found_day);
      skip := day_rows - 1 - skip;
    END IF;
  ELSE
    -- Past every whole day: the page starts in the partial day at the bottom, if anywhere.
    skip := skip - coalesce((SELECT sum(c) FROM unnest(p_counts) AS c), 0);
    hi := kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start));
  END IF;
END
$$;

/*
 * Newest first (start_time desc, id desc), p_limit legs after skipping p_offset. The filter is
 * written into the SQL as literals (not as "param IS NULL OR ..."), so that the planner picks the
 * index made for it (migration 20261121001001); an agent filter without a service reads both agent
 * indexes and merges them. A deep page is found in steps whose cost does not grow with the offset:
 * the rollup gives the IST day that holds row p_offset and how many of its rows come before it
 * (kaleyra_page_bounds); an index-only scan from the nearer end of that day gives the page's first
 * (start_time, id); the page is read from there.
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
    SELECT b.skip, b.lo, b.hi, b.ascending INTO skip, lo, hi, ascending
    FROM (SELECT array_agg(c.day ORDER BY c.day DESC) AS days, array_agg(c.legs ORDER BY c.day DESC) AS counts
          FROM kaleyra_call_day_counts(first_day, end_day, p_service, p_agent, p_status) c) d
    CROSS JOIN LATERAL kaleyra_page_bounds(p_start, p_end, skip, n, d.days, d.counts) b;
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

-- Without an agent filter the count needs no agent: the smaller table answers it. (The planner
-- folds the CASE on p_agent and plans only the branch it takes.)
CREATE OR REPLACE FUNCTION get_kaleyra_call_count(
  p_start timestamptz, p_end timestamptz,
  p_service text DEFAULT NULL, p_agent text DEFAULT NULL, p_status text DEFAULT NULL)
RETURNS integer
LANGUAGE sql STABLE
AS $$
  SELECT CASE WHEN p_agent IS NULL THEN
    (SELECT coalesce(sum(b.legs), 0)::integer
     FROM kaleyra_call_status_buckets(p_start, p_end) b
     WHERE kaleyra_bucket_matches(b.service, b.status, '', p_service, NULL, p_status))
  ELSE
    (SELECT coalesce(sum(b.legs), 0)::integer
     FROM kaleyra_call_buckets(p_start, p_end) b
     WHERE kaleyra_bucket_matches(b.service, b.status, b.agent, p_service, p_agent, p_status))
  END;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      kaleyra_page_bounds(timestamptz, timestamptz, bigint, bigint, date[], bigint[]),
      get_kaleyra_call_list(timestamptz, timestamptz, text, text, text, integer, integer),
      get_kaleyra_call_count(timestamptz, timestamptz, text, text, text)
    TO service_role;
  END IF;
END
$$;
