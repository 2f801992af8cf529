-- Why: kaleyra_call_logs_callto_idx (20261121000002) served the old call list's agent filter and
-- the old agent stats' raw scan. Both now use kaleyra_call_logs_forward_agent_idx (callto, then
-- the list's order, CallForward legs only; 20261121001001) or the rollup, and nothing else looks
-- legs up by callto, so the index only cost every sync write an extra index insert.
DROP INDEX IF EXISTS kaleyra_call_logs_callto_idx;
