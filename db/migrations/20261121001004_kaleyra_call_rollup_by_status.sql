-- Why: three of the four dashboard aggregates (volume, daily volume, status breakdown) and the
-- call list's unfiltered or service/status-filtered counts do not need the agent, yet they summed
-- ~100 rollup rows per day (a service × status × agent each), most of them Click2Call and
-- CallForward legs split by agent. kaleyra_call_rollup_status keeps the same counts per IST day ×
-- service × status (~25 rows a day), added to by the same commit-time flush, in the same
-- transaction, after kaleyra_call_rollup (always that order, so writers still never deadlock).
-- Also: on the API's whole-day ranges the raw-edge scans are now pruned when the query is planned
-- (a constant-false condition), instead of being planned and run empty on every call.

CREATE TABLE kaleyra_call_rollup_status (
  day      date    NOT NULL,
  service  text    NOT NULL,
  status   text    NOT NULL,
  legs     bigint  NOT NULL,
  PRIMARY KEY (day, service, status)
) WITH (fillfactor = 70); -- room on each page, so that counter updates stay HOT

-- Same as in 20261121001000, then the deltas summed per (day, service, status) onto the new table.
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

-- Backfill (the lock keeps writers out until this migration commits).
LOCK TABLE kaleyra_call_logs IN SHARE MODE;
INSERT INTO kaleyra_call_rollup_status (day, service, status, legs)
SELECT r.day, r.service, r.status, sum(r.legs)
FROM kaleyra_call_rollup r
GROUP BY 1, 2, 3;

-- True when both ends are IST midnights, as every range the API sends is.
CREATE OR REPLACE FUNCTION kaleyra_range_is_whole_days(p_start timestamptz, p_end timestamptz)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT kaleyra_ist_midnight(kaleyra_ist_day(p_start)) = p_start
     AND kaleyra_ist_midnight(kaleyra_ist_day(p_end)) = p_end;
$$;

-- As in 20261121001002; the raw branches carry NOT kaleyra_range_is_whole_days(...), which the
-- planner folds to false for a whole-day range and drops.
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
    WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
      AND l.start_time >= p_start
      AND l.start_time < least(kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)), p_end)
    UNION ALL
    -- after the last whole day (or, when there is none, the rest of the range)
    SELECT l.start_time, l.service, l.status, l.callfrom, l.callto, l.billsec
    FROM kaleyra_call_logs l
    WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
      AND l.start_time >= greatest(kaleyra_ist_midnight(kaleyra_ist_day(p_end)),
                                   kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)))
      AND l.start_time < p_end
  ) e
  GROUP BY 1, 2, 3, 4;
$$;

-- kaleyra_call_buckets without the agent: whole days from kaleyra_call_rollup_status.
CREATE OR REPLACE FUNCTION kaleyra_call_status_buckets(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (day date, service text, status text, legs bigint)
LANGUAGE sql STABLE
AS $$
  SELECT s.day, s.service, s.status, s.legs
  FROM kaleyra_call_rollup_status s
  WHERE s.day >= kaleyra_ist_day_ceil(p_start) AND s.day < kaleyra_ist_day(p_end)
  UNION ALL
  SELECT kaleyra_ist_day(e.start_time), e.service, e.status, count(*)
  FROM (
    SELECT l.start_time, l.service, l.status
    FROM kaleyra_call_logs l
    WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
      AND l.start_time >= p_start
      AND l.start_time < least(kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)), p_end)
    UNION ALL
    SELECT l.start_time, l.service, l.status
    FROM kaleyra_call_logs l
    WHERE NOT kaleyra_range_is_whole_days(p_start, p_end)
      AND l.start_time >= greatest(kaleyra_ist_midnight(kaleyra_ist_day(p_end)),
                                   kaleyra_ist_midnight(kaleyra_ist_day_ceil(p_start)))
      AND l.start_time < p_end
  ) e
  GROUP BY 1, 2, 3;
$$;

CREATE OR REPLACE FUNCTION get_kaleyra_call_volume(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (total integer, incoming integer, forwarded integer, click2call integer)
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(sum(b.legs), 0)::integer,
         coalesce(sum(b.legs) FILTER (WHERE b.service = 'Incoming'), 0)::integer,
         coalesce(sum(b.legs) FILTER (WHERE b.service = 'CallForward'), 0)::integer,
         coalesce(sum(b.legs) FILTER (WHERE b.service = 'Click2Call'), 0)::integer
  FROM kaleyra_call_status_buckets(p_start, p_end) b;
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
    FROM kaleyra_call_status_buckets(p_start, p_end) b
    WHERE b.service IN ('Incoming', 'CallForward')
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
  FROM kaleyra_call_status_buckets(p_start, p_end) b
  GROUP BY b.status
  HAVING sum(b.legs) > 0
  ORDER BY 2 DESC, 1;
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

-- Legs per IST day of [p_from_day, p_to_day) matching the call list's filter, from the rollup:
-- the small table when no agent is asked for. (Only the branch whose condition holds runs.)
CREATE OR REPLACE FUNCTION kaleyra_call_day_counts(
  p_from_day date, p_to_day date, p_service text, p_agent text, p_status text)
RETURNS TABLE (day date, legs bigint)
LANGUAGE sql STABLE
AS $$
  SELECT b.day, sum(b.legs)::bigint
  FROM (
    SELECT s.day, s.legs
    FROM kaleyra_call_rollup_status s
    WHERE p_agent IS NULL AND s.day >= p_from_day AND s.day < p_to_day
      AND kaleyra_bucket_matches(s.service, s.status, '', p_service, NULL, p_status)
    UNION ALL
    SELECT r.day, r.legs
    FROM kaleyra_call_rollup r
    WHERE p_agent IS NOT NULL AND r.day >= p_from_day AND r.day < p_to_day
      AND kaleyra_bucket_matches(r.service, r.status, r.agent, p_service, p_agent, p_status)
  ) b
  GROUP BY b.day;
$$;

-- As in 20261121001002, with the day lookup on kaleyra_call_day_counts.
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
        SELECT c.day, c.legs, sum(c.legs) OVER (ORDER BY c.day DESC) AS cum
        FROM kaleyra_call_day_counts(first_day, end_day, p_service, p_agent, p_status) c
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
        SELECT coalesce(sum(c.legs), 0) INTO n
        FROM kaleyra_call_day_counts(first_day, end_day, p_service, p_agent, p_status) c;
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

ALTER TABLE kaleyra_call_rollup_status ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY kaleyra_call_rollup_status_service_role_all ON kaleyra_call_rollup_status
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    -- The commit-time flush runs as the writer.
    GRANT SELECT, INSERT, UPDATE, DELETE ON kaleyra_call_rollup_status TO service_role;
    GRANT EXECUTE ON FUNCTION
      kaleyra_range_is_whole_days(timestamptz, timestamptz),
      kaleyra_call_status_buckets(timestamptz, timestamptz),
      kaleyra_call_day_counts(date, date, text, text, text)
    TO service_role;
  END IF;
END
$$;
