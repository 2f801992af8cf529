-- Why: the call list is ordered newest first (start_time desc, id desc) and filtered by service,
-- status and agent (callto of CallForward legs, callfrom of Click2Call legs). Each filter gets an
-- index whose equality columns come first and whose order is the list's order, carrying the other
-- filter columns, so that a page, and the boundary of a deep page, are read by an ordered
-- (index-only) scan instead of sorting every leg in the range. The single-column start_time,
-- service and status indexes are dropped: each is the leading column of its replacement.

CREATE INDEX kaleyra_call_logs_time_id_idx
  ON kaleyra_call_logs (start_time, id);
CREATE INDEX kaleyra_call_logs_service_time_idx
  ON kaleyra_call_logs (service, start_time, id) INCLUDE (status);
CREATE INDEX kaleyra_call_logs_status_time_idx
  ON kaleyra_call_logs (status, start_time, id) INCLUDE (service);
CREATE INDEX kaleyra_call_logs_forward_agent_idx
  ON kaleyra_call_logs (callto, start_time, id) INCLUDE (status) WHERE service = 'CallForward';
CREATE INDEX kaleyra_call_logs_click2call_agent_idx
  ON kaleyra_call_logs (callfrom, start_time, id) INCLUDE (status) WHERE service = 'Click2Call';
-- The list's OTHER filter (services we do not know yet): rare, so this index stays tiny.
CREATE INDEX kaleyra_call_logs_other_time_idx
  ON kaleyra_call_logs (start_time, id) INCLUDE (status)
  WHERE service NOT IN ('Incoming', 'CallForward', 'Click2Call');

DROP INDEX kaleyra_call_logs_start_time_idx;
DROP INDEX kaleyra_call_logs_service_idx;
DROP INDEX kaleyra_call_logs_status_idx;
