-- A reference, not production SQL: the call list's filter written plainly on one leg, for the
-- property tests and bench:dashboard to check the optimised call list and count against
-- (get_kaleyra_call_list and get_kaleyra_call_count never call it). test/setup/global-setup.ts
-- loads it into the test template database and bench/lib/database.ts into the benchmark ones.
-- p_service 'OTHER' matches services other than the three known ones. p_agent is callto for
-- CallForward legs, callfrom for Click2Call legs.
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
