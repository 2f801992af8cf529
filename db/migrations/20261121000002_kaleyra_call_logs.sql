-- Why: the raw call legs synced from Kaleyra's `dial` call log, one row per leg, keyed by Kaleyra's
-- leg id so that re-syncs are idempotent upserts. Times are IST on the wire, timestamptz here.
CREATE TABLE kaleyra_call_logs (
  id          text PRIMARY KEY,
  uniqid      text,
  callfrom    text NOT NULL,
  callto      text NOT NULL,
  start_time  timestamptz NOT NULL,
  end_time    timestamptz,
  duration    integer,
  billsec     integer,
  status      text NOT NULL,
  location    text,
  provider    text,
  service     text NOT NULL,
  caller_id   text,
  recording   text,
  synced_at   timestamptz DEFAULT now()
);

CREATE INDEX kaleyra_call_logs_start_time_idx ON kaleyra_call_logs (start_time);
CREATE INDEX kaleyra_call_logs_service_idx ON kaleyra_call_logs (service);
CREATE INDEX kaleyra_call_logs_callto_idx ON kaleyra_call_logs (callto);
CREATE INDEX kaleyra_call_logs_status_idx ON kaleyra_call_logs (status);

ALTER TABLE kaleyra_call_logs ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY kaleyra_call_logs_service_role_all ON kaleyra_call_logs
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON kaleyra_call_logs TO service_role;
  END IF;
END
$$;
