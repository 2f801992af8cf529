-- Reading missed-call recovery and the customer-call breakdowns (missedCallers, recoverySummary,
-- callHeatmap, callBreakdown, callerSummary). Episodes are kept by
-- db/functions/customer_call_recovery.sql; customer calls by db/functions/customer_call_links.sql.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- The customer calls whose Incoming leg starts in [p_start, p_end), found by the Incoming legs'
-- (service, start_time, id) index (customer_calls has no time index of its own).
CREATE OR REPLACE FUNCTION customer_calls_in_range(p_start timestamptz, p_end timestamptz)
RETURNS SETOF customer_calls
LANGUAGE sql STABLE
AS $$
  SELECT c.*
  FROM kaleyra_call_logs l
  JOIN customer_calls c ON c.id = l.id
  WHERE l.service = 'Incoming' AND l.start_time >= p_start AND l.start_time < p_end;
$$;

/*
 * missedCallers: the episodes whose first missed call is in [p_start, p_end), firstMissedAt desc
 * then customerNumber asc (then the normalised number, so that pages never overlap), p_limit
 * after p_offset; p_state OPEN (not recovered) or RECOVERED, NULL for both.
 */
CREATE OR REPLACE FUNCTION get_missed_callers(
  p_start timestamptz, p_end timestamptz, p_state text DEFAULT NULL,
  p_limit integer DEFAULT 50, p_offset integer DEFAULT 0)
RETURNS SETOF customer_call_episodes
LANGUAGE sql STABLE
AS $$
  SELECT e.*
  FROM customer_call_episodes e
  WHERE e.first_missed_at >= p_start AND e.first_missed_at < p_end
    AND (p_state IS NULL OR (e.recovered_at IS NULL) = (p_state = 'OPEN'))
  ORDER BY e.first_missed_at DESC, e.customer_number, e.caller
  LIMIT p_limit OFFSET p_offset;
$$;

-- The number of episodes get_missed_callers pages through.
CREATE OR REPLACE FUNCTION get_missed_caller_count(
  p_start timestamptz, p_end timestamptz, p_state text DEFAULT NULL)
RETURNS integer
LANGUAGE sql STABLE
AS $$
  SELECT count(*)::integer
  FROM customer_call_episodes e
  WHERE e.first_missed_at >= p_start AND e.first_missed_at < p_end
    AND (p_state IS NULL OR (e.recovered_at IS NULL) = (p_state = 'OPEN'));
$$;

/*
 * recoverySummary over the episodes whose first missed call is in [p_start, p_end): the contract's
 * formulas (RecoverySummary); the median is percentile_disc(0.5) (with an even count, the lower of
 * the two middle values: the ceil(n / 2)-th) over every recovered episode, whatever
 * p_within_hours is. Whole IST days (every GraphQL range) with p_within_hours 0..720 sum
 * customer_call_recovery_rollup, at most 29 rows per day however many episodes
 * (customer_call_recovery_band): recoveredWithin is the bands below that of p_within_hours * 3600
 * seconds, plus that band whole when p_within_hours is its upper boundary, else its episodes
 * within counted alone; the median is the ceil(n / 2)-th recovered episode, read alone from the
 * band where the cumulative count reaches it. Both single bands are read through
 * customer_call_episodes_recovery_bucket_idx. Other calls read the range's episodes.
 */
CREATE OR REPLACE FUNCTION get_recovery_summary(
  p_start timestamptz, p_end timestamptz, p_within_hours integer)
RETURNS TABLE (
  episodes integer, recovered integer, recovered_within integer, open integer,
  recovery_rate_percent double precision, median_seconds_to_recovery integer)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  w_band integer;
  w_whole boolean;
  n_episodes bigint;
  n_recovered bigint;
  n_within bigint;
  n_edge bigint;
  m_band integer;
  m_offset bigint;
  median integer;
BEGIN
  IF NOT kaleyra_range_is_whole_days(p_start, p_end) OR p_within_hours NOT BETWEEN 0 AND 720 THEN
    RETURN QUERY
    SELECT x.episodes::integer, x.recovered::integer, x.within::integer,
           (x.episodes - x.recovered)::integer,
           round(100.0 * x.within / nullif(x.episodes, 0), 2)::double precision,
           x.median
    FROM (
      SELECT count(*) AS episodes,
             count(e.recovered_at) AS recovered,
             count(*) FILTER (WHERE e.seconds_to_recovery <= p_within_hours::bigint * 3600) AS within,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY e.seconds_to_recovery)
               FILTER (WHERE e.recovered_at IS NOT NULL) AS median
      FROM customer_call_episodes e
      WHERE e.first_missed_at >= p_start AND e.first_missed_at < p_end
    ) x;
    RETURN;
  END IF;
  -- The band that holds p_within_hours * 3600 seconds, and whether they are its upper end.
  w_band := customer_call_recovery_band(p_within_hours * 3600);
  w_whole := customer_call_recovery_band(p_within_hours * 3600 + 1) > w_band;
  WITH b AS (
    SELECT r.bucket, sum(r.episodes)::bigint AS n
    FROM customer_call_recovery_rollup r
    WHERE r.day >= kaleyra_ist_day(p_start) AND r.day < kaleyra_ist_day(p_end)
    GROUP BY r.bucket
  ), c AS (
    SELECT b.bucket, b.n,
           (sum(b.n) FILTER (WHERE b.bucket >= 0) OVER (ORDER BY b.bucket))::bigint AS upto,
           (sum(b.n) FILTER (WHERE b.bucket >= 0) OVER ())::bigint AS recovered
    FROM b
  )
  SELECT coalesce(sum(c.n), 0), coalesce(max(c.recovered), 0),
         coalesce(sum(c.n) FILTER (WHERE c.bucket >= 0 AND (c.bucket < w_band
                                                            OR (w_whole AND c.bucket = w_band))), 0),
         coalesce(sum(c.n) FILTER (WHERE NOT w_whole AND c.bucket = w_band), 0),
         min(c.bucket) FILTER (WHERE c.bucket >= 0 AND c.upto >= (c.recovered + 1) / 2),
         min(c.upto - c.n) FILTER (WHERE c.bucket >= 0 AND c.upto >= (c.recovered + 1) / 2)
  INTO n_episodes, n_recovered, n_within, n_edge, m_band, m_offset
  FROM c;
  IF n_edge > 0 THEN
    n_within := n_within + (
      SELECT count(*)
      FROM customer_call_episodes e
      WHERE e.seconds_to_recovery IS NOT NULL
        AND customer_call_recovery_band(e.seconds_to_recovery) = w_band
        AND e.first_missed_at >= p_start AND e.first_missed_at < p_end
        AND e.seconds_to_recovery <= p_within_hours * 3600);
  END IF;
  -- The (recovered + 1) / 2-th value overall is the (that - the episodes of lower bands)-th of
  -- its band.
  IF m_band IS NOT NULL THEN
    SELECT e.seconds_to_recovery INTO median
    FROM customer_call_episodes e
    WHERE e.seconds_to_recovery IS NOT NULL
      AND customer_call_recovery_band(e.seconds_to_recovery) = m_band
      AND e.first_missed_at >= p_start AND e.first_missed_at < p_end
    ORDER BY e.seconds_to_recovery
    OFFSET (n_recovered + 1) / 2 - m_offset - 1
    LIMIT 1;
  END IF;
  RETURN QUERY
  SELECT n_episodes::integer, n_recovered::integer, n_within::integer,
         (n_episodes - n_recovered)::integer,
         round(100.0 * n_within / nullif(n_episodes, 0), 2)::double precision,
         median;
END
$$;

/*
 * callHeatmap: customer calls of [p_start, p_end) by ISO weekday (1 = Monday) and hour of their
 * start in IST, all 168 cells: whole IST days from customer_call_hour_rollup, the partial days at
 * the edges from the calls themselves. Whatever the session's TimeZone: a day's weekday is the
 * date's own, and AT TIME ZONE names the zone.
 */
CREATE OR REPLACE FUNCTION get_call_heatmap(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (weekday integer, hour integer, offered integer, answered integer)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN QUERY
  WITH counts AS (
    SELECT extract(isodow FROM r.day)::integer AS weekday, r.hour::integer AS hour,
           r.offered, r.answered
    FROM customer_call_hour_rollup r
    WHERE r.day >= kaleyra_ist_day_ceil(p_start) AND r.day < kaleyra_ist_day(p_end)
    UNION ALL
    SELECT extract(isodow FROM c.start_time AT TIME ZONE 'Asia/Kolkata')::integer,
           extract(hour FROM c.start_time AT TIME ZONE 'Asia/Kolkata')::integer,
           1, (c.outcome = 'ANSWERED')::integer
    FROM customer_calls_in_edges(p_start, p_end) c
  ), cells AS (
    SELECT n.weekday, n.hour, sum(n.offered) AS offered, sum(n.answered) AS answered
    FROM counts n
    GROUP BY 1, 2
  )
  SELECT w, h, coalesce(n.offered, 0)::integer, coalesce(n.answered, 0)::integer
  FROM generate_series(1, 7) AS w
  CROSS JOIN generate_series(0, 23) AS h
  LEFT JOIN cells n ON n.weekday = w AND n.hour = h
  ORDER BY w, h;
END
$$;

/*
 * callBreakdown: customer calls of [p_start, p_end) grouped by the Incoming leg's location,
 * provider or callto (p_by LOCATION, PROVIDER, DID); a key that is null or blank is UNKNOWN
 * (customer_call_breakdown_key). Whole IST days from customer_call_key_rollup, the edges from the
 * calls. Ordered by offered desc, then key asc.
 */
CREATE OR REPLACE FUNCTION get_call_breakdown(p_start timestamptz, p_end timestamptz, p_by text)
RETURNS TABLE (key text, offered integer, answered integer, answer_rate_percent double precision)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN QUERY
  SELECT x.key, x.offered::integer, x.answered::integer,
         round(100.0 * x.answered / nullif(x.offered, 0), 2)::double precision
  FROM (
    SELECT y.key, sum(y.offered) AS offered, sum(y.answered) AS answered
    FROM (
      SELECT r.key, r.offered, r.answered
      FROM customer_call_key_rollup r
      WHERE r.dimension = p_by
        AND r.day >= kaleyra_ist_day_ceil(p_start) AND r.day < kaleyra_ist_day(p_end)
      UNION ALL
      SELECT customer_call_breakdown_key(CASE p_by WHEN 'LOCATION' THEN c.location
                                                   WHEN 'PROVIDER' THEN c.provider
                                                   WHEN 'DID' THEN c.did END),
             1, (c.outcome = 'ANSWERED')::integer
      FROM customer_calls_in_edges(p_start, p_end) c
    ) y
    GROUP BY y.key
  ) x
  ORDER BY x.offered DESC, x.key;
END
$$;

/*
 * callerSummary over [p_start, p_end), numbers compared normalised: distinct callers with a
 * customer call in the range; those of them with no customer call stored before p_start (new);
 * those with 2 or more in the range (repeat). Whole IST days (every GraphQL range) read
 * customer_caller_rollup, at most two rows per day and day of history however many calls: a
 * number's first call in the range is the one whose previous call is before it; it has a second
 * when some call's previous call is in the range and the one before that is not (the calls whose
 * previous call is in the range less those whose call before that is too). Other ranges count
 * the calls.
 */
CREATE OR REPLACE FUNCTION get_caller_summary(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (unique_callers integer, new_callers integer, repeat_callers integer)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  a date := kaleyra_ist_day(p_start);
BEGIN
  IF kaleyra_range_is_whole_days(p_start, p_end) THEN
    RETURN QUERY
    SELECT coalesce(sum(r.calls) FILTER (WHERE r.back = 1 AND r.prev_day < a), 0)::integer,
           coalesce(sum(r.calls) FILTER (WHERE r.back = 1 AND r.prev_day = '-infinity'), 0)::integer,
           (coalesce(sum(r.calls) FILTER (WHERE r.back = 1 AND r.prev_day >= a), 0)
            - coalesce(sum(r.calls) FILTER (WHERE r.back = 2 AND r.prev_day >= a), 0))::integer
    FROM customer_caller_rollup r
    WHERE r.day >= a AND r.day < kaleyra_ist_day(p_end);
    RETURN;
  END IF;
  RETURN QUERY
  WITH callers AS (
    SELECT c.caller, count(*) AS calls
    FROM customer_calls_in_range(p_start, p_end) c
    GROUP BY c.caller
  )
  SELECT count(*)::integer,
         (count(*) FILTER (WHERE NOT EXISTS (
            SELECT 1 FROM customer_calls p WHERE p.caller = k.caller AND p.start_time < p_start)))::integer,
         (count(*) FILTER (WHERE k.calls >= 2))::integer
  FROM callers k;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      customer_calls_in_range(timestamptz, timestamptz),
      get_missed_callers(timestamptz, timestamptz, text, integer, integer),
      get_missed_caller_count(timestamptz, timestamptz, text),
      get_recovery_summary(timestamptz, timestamptz, integer),
      get_call_heatmap(timestamptz, timestamptz),
      get_call_breakdown(timestamptz, timestamptz, text),
      get_caller_summary(timestamptz, timestamptz)
    TO service_role;
  END IF;
END
$$;
