-- The leg-based aggregates of dashboardOverview: volume by service, agent stats, daily volume,
-- status breakdown. All read the rollups, so their cost does not grow with the number of calls.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- Legs in the range by service; total counts every leg of any service.
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

/*
 * One row per agent (callto of CallForward legs). Answered = status ANSWER; missed = any other
 * status; offered = both; the rates rounded by round(numeric, 2), NULL when their denominator is
 * 0; missed_calls_lost = missed legs whose customer call nobody answered (customer_call_legs.lost).
 * The columns after missed_calls came with customer calls (migration 20261201000002), hence the
 * DROP: a function's result columns cannot be changed in place.
 */
DROP FUNCTION IF EXISTS get_kaleyra_agent_stats(timestamptz, timestamptz);
CREATE FUNCTION get_kaleyra_agent_stats(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (agent_number text, calls_answered integer, total_talk_seconds integer,
               missed_calls integer, offered integer, answer_rate_percent double precision,
               average_talk_seconds double precision, missed_calls_lost integer)
LANGUAGE sql STABLE
AS $$
  WITH legs AS (
    SELECT b.agent,
           coalesce(sum(b.legs) FILTER (WHERE b.status = 'ANSWER'), 0)::integer AS answered,
           coalesce(sum(b.billsec) FILTER (WHERE b.status = 'ANSWER'), 0)::integer AS talk,
           coalesce(sum(b.legs) FILTER (WHERE b.status <> 'ANSWER'), 0)::integer AS missed
    FROM kaleyra_call_buckets(p_start, p_end) b
    WHERE b.service = 'CallForward'
    GROUP BY b.agent
    HAVING sum(b.legs) > 0
  )
  SELECT l.agent, l.answered, l.talk, l.missed, l.answered + l.missed,
         round(100.0 * l.answered / nullif(l.answered + l.missed, 0), 2)::double precision,
         round(l.talk::numeric / nullif(l.answered, 0), 2)::double precision,
         coalesce(c.lost_legs, 0)::integer
  FROM legs l
  LEFT JOIN customer_call_agent_legs(p_start, p_end) c ON c.agent = l.agent
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

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      get_kaleyra_call_volume(timestamptz, timestamptz),
      get_kaleyra_agent_stats(timestamptz, timestamptz),
      get_kaleyra_daily_volume(timestamptz, timestamptz),
      get_kaleyra_status_breakdown(timestamptz, timestamptz)
    TO service_role;
  END IF;
END
$$;
