-- The CSV exports (GET /exports/call-logs.csv and /exports/customer-calls.csv): every cell as the
-- file holds it, oldest first. Current definitions: the migrator re-applies this file whenever it
-- changes (db/README.md).
--
-- The pg adapter streams a function's rows with COPY (SELECT ...) TO STDOUT (FORMAT csv), so the
-- cells are made here, where COPY reads them, and Postgres writes the CSV. The supabase-js adapter
-- reads the same functions in keyset pages (p_after_time, p_after_id, p_limit) and writes the same
-- CSV. Both export functions are single-SELECT SQL functions, so the planner inlines them into the
-- COPY and the rows stream from the index scan (a PL/pgSQL RETURN QUERY would first materialise
-- the whole result). Speed: every helper below is one expression, so the planner inlines it; a
-- helper that is not inlined costs a function call per cell, which made an export 10x slower than
-- COPY of the bare rows. kaleyra_csv_text is only inlined when its argument is a plain column, so
-- the export functions compute their values in a subquery (kept apart by its LIMIT) and apply it
-- to those columns outside.

-- What a masked role sees of a number: src/domain/phone.ts maskNumber, written in SQL for the
-- exports (test/exports.test.ts checks that both agree).
CREATE OR REPLACE FUNCTION kaleyra_mask_number(p_number text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN length(p_number) <= 4 THEN repeat('X', length(p_number))
              ELSE left(p_number, 2) || repeat('X', length(p_number) - 4) || right(p_number, 2) END;
$$;

-- JavaScript's String.prototype.trim(): Unicode white space and line ends, at both ends.
CREATE OR REPLACE FUNCTION kaleyra_js_trim(p_value text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT btrim(p_value, E' \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff');
$$;

-- A stored recording as a URL safe to hand out, or NULL: src/domain/formats.ts recordingUrlOf
-- (absolute http(s), or protocol-relative made https; no control characters; a host), written in
-- SQL for the exports (test/exports.test.ts checks that both agree).
CREATE OR REPLACE FUNCTION kaleyra_recording_url(p_recording text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p_recording IS NULL OR kaleyra_js_trim(p_recording) !~* '^(https?:)?//' THEN NULL
    WHEN kaleyra_js_trim(p_recording) ~ '[\x01-\x1f\x7f]' THEN NULL
    WHEN substring(kaleyra_js_trim(p_recording) FROM '^(?:[A-Za-z]+:)?[/\\]*(?:[^/?#\\]*@)?([^/?#:\\]*)')
         !~ '^[A-Za-z0-9._~-]+$' THEN NULL
    WHEN kaleyra_js_trim(p_recording) LIKE '//%' THEN 'https:' || kaleyra_js_trim(p_recording)
    ELSE kaleyra_js_trim(p_recording) END;
$$;

-- OWASP's CSV-injection defence: a text cell that begins with = + - @, a tab or a CR, and is not a
-- number (a phone number such as +919800000001 stays as it is), is written with a leading
-- apostrophe, so that a spreadsheet shows it as text instead of running it as a formula.
CREATE OR REPLACE FUNCTION kaleyra_csv_text(p_value text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN left(p_value, 1) IN ('=', '+', '-', '@', E'\t', E'\r')
                   AND p_value !~ '^[-+]?[0-9]+(\.[0-9]+)?$'
              THEN '''' || p_value ELSE p_value END;
$$;

-- An instant as Kaleyra writes it: IST "YYYY-MM-DD HH:MM:SS". STABLE as to_char is (an
-- IMMUTABLE wrapper around it would not be inlined).
CREATE OR REPLACE FUNCTION kaleyra_ist_text(p_at timestamptz)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT to_char(p_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD HH24:MI:SS');
$$;

/*
 * call-logs.csv: the legs of [p_start, p_end) matching callList's filter (p_service: Kaleyra's
 * name or 'OTHER'; p_agent: the callto of a CallForward leg or the callfrom of a Click2Call leg;
 * p_status), oldest first (start_time, then id), after (p_after_time, p_after_id) when given, at
 * most p_limit rows (NULL: all). With p_mask, callfrom and callto are masked unless they are the
 * leg's agent or its caller id, as CallLog.callFrom / callTo are over GraphQL. (sort_time, sort_id)
 * is the keyset of the next page, not a column of the file.
 */
CREATE OR REPLACE FUNCTION export_call_logs(
  p_start timestamptz, p_end timestamptz,
  p_service text, p_agent text, p_status text, p_mask boolean,
  p_after_time timestamptz DEFAULT NULL, p_after_id text DEFAULT NULL, p_limit integer DEFAULT NULL)
RETURNS TABLE (
  id text, start_time_ist text, end_time_ist text, service text, call_from text, call_to text,
  agent_number text, agent_name text, status text, duration integer, billsec integer,
  location text, provider text, caller_id text, recording_url text,
  sort_time timestamptz, sort_id text)
LANGUAGE sql STABLE
AS $$
  SELECT kaleyra_csv_text(v.id), v.start_time_ist, v.end_time_ist, kaleyra_csv_text(v.service),
         kaleyra_csv_text(v.call_from), kaleyra_csv_text(v.call_to), kaleyra_csv_text(v.agent),
         kaleyra_csv_text(v.agent_name), kaleyra_csv_text(v.status), v.duration, v.billsec,
         kaleyra_csv_text(v.location), kaleyra_csv_text(v.provider), kaleyra_csv_text(v.caller_id),
         -- A checked recording URL begins with http or //: never a formula.
         v.recording_url, v.start_time, v.id
  FROM (
    SELECT l.id, kaleyra_ist_text(l.start_time) AS start_time_ist,
           kaleyra_ist_text(l.end_time) AS end_time_ist, l.service,
           CASE WHEN p_mask AND l.callfrom IS DISTINCT FROM a.agent
                     AND l.callfrom IS DISTINCT FROM l.caller_id
                THEN kaleyra_mask_number(l.callfrom) ELSE l.callfrom END AS call_from,
           CASE WHEN p_mask AND l.callto IS DISTINCT FROM a.agent
                     AND l.callto IS DISTINCT FROM l.caller_id
                THEN kaleyra_mask_number(l.callto) ELSE l.callto END AS call_to,
           a.agent, ag.name AS agent_name, l.status, l.duration, l.billsec, l.location, l.provider,
           l.caller_id, kaleyra_recording_url(l.recording) AS recording_url, l.start_time
    FROM kaleyra_call_logs l
    CROSS JOIN LATERAL (SELECT nullif(kaleyra_call_agent(l.service, l.callfrom, l.callto), '') AS agent) a
    LEFT JOIN agents ag ON ag.agent_number = a.agent
    WHERE l.start_time >= p_start AND l.start_time < p_end
      AND (p_service IS NULL OR l.service = p_service
           OR (p_service = 'OTHER' AND l.service NOT IN ('Incoming', 'CallForward', 'Click2Call')))
      AND (p_agent IS NULL
           OR (l.service = 'CallForward' AND l.callto = p_agent)
           OR (l.service = 'Click2Call' AND l.callfrom = p_agent))
      AND (p_status IS NULL OR l.status = p_status)
      AND (p_after_time IS NULL OR (l.start_time, l.id) > (p_after_time, p_after_id))
    ORDER BY l.start_time, l.id
    LIMIT p_limit
  ) v
  ORDER BY v.start_time, v.id;
$$;

/*
 * customer-calls.csv: the customer calls whose Incoming leg starts in [p_start, p_end), with
 * customerCalls' outcome filter, oldest first (start_time, then id), after (p_after_time,
 * p_after_id) when given, at most p_limit rows (NULL: all). recording_url is the answering leg's,
 * as CustomerCall.recordingUrl; with p_mask the customer's number is masked, as
 * CustomerCall.customerNumber is. (sort_time, sort_id) is the keyset of
 * the next page.
 */
CREATE OR REPLACE FUNCTION export_customer_calls(
  p_start timestamptz, p_end timestamptz, p_outcome text, p_mask boolean,
  p_after_time timestamptz DEFAULT NULL, p_after_id text DEFAULT NULL, p_limit integer DEFAULT NULL)
RETURNS TABLE (
  id text, start_time_ist text, customer_number text, did text, outcome text, answered_by text,
  answered_by_name text, answered_at_ist text, seconds_to_answer integer, talk_seconds integer,
  agents_tried integer, location text, provider text, recording_url text,
  sort_time timestamptz, sort_id text)
LANGUAGE sql STABLE
AS $$
  SELECT kaleyra_csv_text(v.id), v.start_time_ist, kaleyra_csv_text(v.customer_number),
         kaleyra_csv_text(v.did), v.outcome, kaleyra_csv_text(v.answered_by),
         kaleyra_csv_text(v.answered_by_name), v.answered_at_ist, v.seconds_to_answer,
         v.talk_seconds, v.agents_tried, kaleyra_csv_text(v.location), kaleyra_csv_text(v.provider),
         -- A checked recording URL begins with http or //: never a formula.
         v.recording_url, v.start_time, v.id
  FROM (
    SELECT c.id, kaleyra_ist_text(c.start_time) AS start_time_ist,
           CASE WHEN p_mask THEN kaleyra_mask_number(c.customer_number)
                ELSE c.customer_number END AS customer_number,
           c.did, c.outcome, c.answered_by, ag.name AS answered_by_name,
           kaleyra_ist_text(c.answered_at) AS answered_at_ist, c.seconds_to_answer, c.talk_seconds,
           c.agents_tried, c.location, c.provider,
           kaleyra_recording_url(al.recording) AS recording_url, r.start_time
    FROM kaleyra_call_logs r
    JOIN customer_calls c ON c.id = r.id
    LEFT JOIN agents ag ON ag.agent_number = c.answered_by
    LEFT JOIN kaleyra_call_logs al ON al.id = c.answer_leg_id
    WHERE r.service = 'Incoming' AND r.start_time >= p_start AND r.start_time < p_end
      AND (p_outcome IS NULL OR c.outcome = p_outcome)
      AND (p_after_time IS NULL OR (r.start_time, r.id) > (p_after_time, p_after_id))
    ORDER BY r.start_time, r.id
    LIMIT p_limit
  ) v
  ORDER BY v.start_time, v.id;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      kaleyra_mask_number(text),
      kaleyra_js_trim(text),
      kaleyra_recording_url(text),
      kaleyra_csv_text(text),
      kaleyra_ist_text(timestamptz),
      export_call_logs(timestamptz, timestamptz, text, text, text, boolean, timestamptz, text, integer),
      export_customer_calls(timestamptz, timestamptz, text, boolean, timestamptz, text, integer)
    TO service_role;
  END IF;
END
$$;
