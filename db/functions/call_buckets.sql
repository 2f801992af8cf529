-- Reading the rollups: the buckets of a time range, whole days from the rollups and partial days
-- from the legs, and the call list's filter on a bucket.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

/*
 * The buckets of [p_start, p_end): rollup rows for the IST days wholly inside the range, plus the
 * legs of the partial days at its edges grouped the same way. Every agent aggregate is a sum over
 * these rows. The raw branches carry NOT kaleyra_range_is_whole_days(...), which the planner folds
 * to false for a whole-day range (all the API sends) and drops. Inlined into its callers.
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

-- The call list's filter on a bucket (p_service 'OTHER' = any service but the three known ones;
-- p_agent = callto of CallForward legs, callfrom of Click2Call legs).
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

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      kaleyra_call_buckets(timestamptz, timestamptz),
      kaleyra_call_status_buckets(timestamptz, timestamptz),
      kaleyra_bucket_matches(text, text, text, text, text, text),
      kaleyra_call_day_counts(date, date, text, text, text)
    TO service_role;
  END IF;
END
$$;
