-- Why: the dashboard's aggregates live in SQL so that both data-source adapters (direct pg and
-- supabase-js rpc) run exactly the same code. Every range is [p_start, p_end) as instants; a "day"
-- is a calendar day in Asia/Kolkata whatever the server's TimeZone is.

CREATE OR REPLACE FUNCTION get_kaleyra_call_volume(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (total integer, incoming integer, forwarded integer, click2call integer)
LANGUAGE sql STABLE
AS $$
  SELECT count(*)::integer,
         (count(*) FILTER (WHERE service = 'Incoming'))::integer,
         (count(*) FILTER (WHERE service = 'CallForward'))::integer,
         (count(*) FILTER (WHERE service = 'Click2Call'))::integer
  FROM kaleyra_call_logs
  WHERE start_time >= p_start AND start_time < p_end;
$$;

-- One row per agent (callto of CallForward legs). Answered = status ANSWER; missed = any other status.
CREATE OR REPLACE FUNCTION get_kaleyra_agent_stats(p_start timestamptz, p_end timestamptz)
RETURNS TABLE (agent_number text, calls_answered integer, total_talk_seconds integer, missed_calls integer)
LANGUAGE sql STABLE
AS $$
  SELECT callto,
         (count(*) FILTER (WHERE status = 'ANSWER'))::integer,
         (coalesce(sum(billsec) FILTER (WHERE status = 'ANSWER'), 0))::integer,
         (count(*) FILTER (WHERE status <> 'ANSWER'))::integer
  FROM kaleyra_call_logs
  WHERE service = 'CallForward' AND start_time >= p_start AND start_time < p_end
  GROUP BY callto
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
    SELECT (start_time AT TIME ZONE 'Asia/Kolkata')::date AS day,
           count(*) FILTER (WHERE service = 'Incoming') AS incoming,
           count(*) FILTER (WHERE service = 'CallForward') AS forwarded
    FROM kaleyra_call_logs
    WHERE start_time >= p_start AND start_time < p_end
    GROUP BY 1
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
  SELECT l.status, count(*)::integer
  FROM kaleyra_call_logs l
  WHERE l.start_time >= p_start AND l.start_time < p_end
  GROUP BY l.status
  ORDER BY 2 DESC, 1;
$$;

-- The call list's filter, shared by the page and its count. p_service 'OTHER' matches services
-- other than the three known ones. p_agent is callto for CallForward legs, callfrom for Click2Call.
CREATE OR REPLACE FUNCTION kaleyra_call_matches(
  l kaleyra_call_logs, p_service text, p_agent text, p_status text)
RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
  SELECT (p_service IS NULL
          OR l.service = p_service
          OR (p_service = 'OTHER' AND l.service NOT IN ('Incoming', 'CallForward', 'Click2Call')))
     AND (p_status IS NULL OR l.status = p_status)
     AND (p_agent IS NULL
          OR (l.service = 'CallForward' AND l.callto = p_agent)
          OR (l.service = 'Click2Call' AND l.callfrom = p_agent));
$$;

-- Newest first (start_time desc, id desc).
CREATE OR REPLACE FUNCTION get_kaleyra_call_list(
  p_start timestamptz, p_end timestamptz,
  p_service text DEFAULT NULL, p_agent text DEFAULT NULL, p_status text DEFAULT NULL,
  p_limit integer DEFAULT 50, p_offset integer DEFAULT 0)
RETURNS SETOF kaleyra_call_logs
LANGUAGE sql STABLE
AS $$
  SELECT l.*
  FROM kaleyra_call_logs l
  WHERE l.start_time >= p_start AND l.start_time < p_end
    AND kaleyra_call_matches(l, p_service, p_agent, p_status)
  ORDER BY l.start_time DESC, l.id DESC
  LIMIT p_limit OFFSET p_offset;
$$;

CREATE OR REPLACE FUNCTION get_kaleyra_call_count(
  p_start timestamptz, p_end timestamptz,
  p_service text DEFAULT NULL, p_agent text DEFAULT NULL, p_status text DEFAULT NULL)
RETURNS integer
LANGUAGE sql STABLE
AS $$
  SELECT count(*)::integer
  FROM kaleyra_call_logs l
  WHERE l.start_time >= p_start AND l.start_time < p_end
    AND kaleyra_call_matches(l, p_service, p_agent, p_status);
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      get_kaleyra_call_volume(timestamptz, timestamptz),
      get_kaleyra_agent_stats(timestamptz, timestamptz),
      get_kaleyra_daily_volume(timestamptz, timestamptz),
      get_kaleyra_status_breakdown(timestamptz, timestamptz),
      kaleyra_call_matches(kaleyra_call_logs, text, text, text),
      get_kaleyra_call_list(timestamptz, timestamptz, text, text, text, integer, integer),
      get_kaleyra_call_count(timestamptz, timestamptz, text, text, text)
    TO service_role;
  END IF;
END
$$;
