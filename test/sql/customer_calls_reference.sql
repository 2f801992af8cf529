-- The contract's customer-call rules ("Customer calls (contract v2)") written as plainly as
-- possible, straight over kaleyra_call_logs: no derived table, no index-shaped trick. The tests
-- check the trigger-kept tables (db/functions/customer_call_links.sql) against these.

-- Each CallForward leg's customer call (NULL = unlinked).
CREATE OR REPLACE FUNCTION ref_customer_call_links()
RETURNS TABLE (id text, call_id text)
LANGUAGE sql STABLE
AS $$
  SELECT f.id,
         CASE WHEN coalesce(f.parent_id, '') <> '' THEN
           (SELECT i.id FROM kaleyra_call_logs i WHERE i.id = f.parent_id AND i.service = 'Incoming')
         ELSE
           (SELECT i.id
            FROM kaleyra_call_logs i
            WHERE i.service = 'Incoming'
              AND kaleyra_normalize_phone(i.callfrom) = kaleyra_normalize_phone(f.callfrom)
              AND i.start_time <= f.start_time
              AND f.start_time <= coalesce(i.end_time,
                                           i.start_time + i.duration * interval '1 second',
                                           i.start_time + interval '2 hours') + interval '5 seconds'
            ORDER BY i.start_time DESC, i.id DESC
            LIMIT 1)
         END
  FROM kaleyra_call_logs f
  WHERE f.service = 'CallForward';
$$;

-- Each customer call's facts.
CREATE OR REPLACE FUNCTION ref_customer_calls()
RETURNS TABLE (id text, customer_number text, did text, start_time timestamptz, outcome text,
               answer_leg_id text, answered_by text, answered_at timestamptz,
               seconds_to_answer integer, talk_seconds integer, agents_tried integer)
LANGUAGE sql STABLE
AS $$
  WITH linked AS (
    SELECT l.*, k.call_id
    FROM ref_customer_call_links() k
    JOIN kaleyra_call_logs l ON l.id = k.id
    WHERE k.call_id IS NOT NULL
  ), per_call AS (
    SELECT i.id, i.callfrom, i.callto, i.start_time,
           (SELECT count(*) FROM linked g WHERE g.call_id = i.id) AS n,
           (SELECT min(g.start_time) FROM linked g WHERE g.call_id = i.id) AS first_at,
           (SELECT g.id FROM linked g WHERE g.call_id = i.id AND g.status = 'ANSWER'
            ORDER BY g.start_time, g.id LIMIT 1) AS answer_id,
           (SELECT g.status FROM linked g WHERE g.call_id = i.id
            ORDER BY g.start_time DESC, g.id DESC LIMIT 1) AS last_status
    FROM kaleyra_call_logs i
    WHERE i.service = 'Incoming'
  ), answered AS (
    SELECT p.*, a.callto AS agent, a.billsec,
           a.start_time + greatest(0, coalesce(a.duration, 0) - coalesce(a.billsec, 0)) * interval '1 second'
             AS answered_at
    FROM per_call p
    LEFT JOIN kaleyra_call_logs a ON a.id = p.answer_id
  )
  SELECT x.id, x.callfrom, x.callto, x.start_time,
         CASE WHEN x.answer_id IS NOT NULL THEN 'ANSWERED'
              WHEN x.n = 0 THEN 'NOT_FORWARDED'
              WHEN x.last_status = 'CANCEL' THEN 'CALLER_HUNG_UP'
              ELSE 'NO_ANSWER' END,
         x.answer_id, x.agent, x.answered_at,
         floor(extract(epoch FROM x.answered_at - x.first_at))::integer,
         CASE WHEN x.answer_id IS NOT NULL THEN coalesce(x.billsec, 0) END,
         x.n::integer
  FROM answered x;
$$;
