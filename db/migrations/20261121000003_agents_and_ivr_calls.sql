-- Why: dashboards show people, not numbers (agents), and every call this server starts needs a row
-- that Kaleyra's callback can update and subscribers can be told about (ivr_calls).
CREATE TABLE agents (
  agent_number text PRIMARY KEY CHECK (agent_number ~ '^[0-9]{10}$'),
  name         text NOT NULL CHECK (length(btrim(name)) > 0),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ivr_calls (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kaleyra_call_id  text UNIQUE,
  kind             text NOT NULL CHECK (kind IN ('click2call', 'outbound')),
  customer_number  text NOT NULL,
  agent_number     text,
  agent_name       text,
  status           text NOT NULL DEFAULT 'INITIATED'
                   CHECK (status IN ('INITIATED', 'ANSWERED', 'BUSY', 'MISSED', 'CANCELLED', 'FAILED')),
  kaleyra_status   text,
  failure_reason   text,
  duration         integer,
  billsec          integer,
  recording_url    text,
  start_time       timestamptz,
  end_time         timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ivr_calls_created_at_idx ON ivr_calls (created_at DESC);
CREATE INDEX ivr_calls_status_idx ON ivr_calls (status) WHERE status = 'INITIATED';

ALTER TABLE agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE ivr_calls ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY agents_service_role_all ON agents
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY ivr_calls_service_role_all ON ivr_calls
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON agents, ivr_calls TO service_role;
  END IF;
END
$$;
