-- Why: live events were published by the process that wrote the row, after its commit (a NOTIFY),
-- so a process that died between the commit and the NOTIFY lost the event, and neither a
-- transaction-mode pooler (Supabase's port 6543) nor PostgREST can LISTEN. Each write to ivr_calls
-- now also inserts its CallStatusEvent here, in the same transaction; every instance reads the rows
-- committed since its last read and publishes them to its own subscribers (NOTIFY is only a
-- wake-up hint). Rows are pruned by age. How a reader finds "committed since its last read"
-- without missing a row that committed late: db/functions/call_status_outbox.sql.
CREATE TABLE call_status_outbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The top-level transaction that wrote the row (pg_current_xact_id()): readers select by
  -- snapshot visibility of this id, not by the id column (see the functions file).
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  created_at timestamptz NOT NULL DEFAULT now(),
  payload    jsonb NOT NULL
);

-- A read scans the transaction ids between two snapshots; pruning scans by age.
CREATE INDEX call_status_outbox_xid_idx ON call_status_outbox (xid);
CREATE INDEX call_status_outbox_created_at_idx ON call_status_outbox (created_at);

ALTER TABLE call_status_outbox ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY call_status_outbox_service_role_select ON call_status_outbox
      FOR SELECT TO service_role USING (true);
    CREATE POLICY call_status_outbox_service_role_insert ON call_status_outbox
      FOR INSERT TO service_role WITH CHECK (true);
    CREATE POLICY call_status_outbox_service_role_delete ON call_status_outbox
      FOR DELETE TO service_role USING (true);
    GRANT SELECT, INSERT, DELETE ON call_status_outbox TO service_role;
  END IF;
END
$$;
