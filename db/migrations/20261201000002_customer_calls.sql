-- Why: every figure so far counted legs, and one customer call is one Incoming leg plus one
-- CallForward leg per agent tried, so leg counts over-count misses (issue 12). This migration
-- stores Kaleyra's parent_id and adds the customer-call model, kept by the database itself so
-- that it holds for any writer (the sync, supabase-js, SQL run by hand) and any write order:
--   - customer_calls: one row per Incoming leg (the customer call, keyed by that leg's id) with
--     the facts a dashboard asks for (outcome, who answered, when, talk time, agents tried);
--   - customer_call_legs: one row per CallForward leg with the customer call it belongs to
--     (NULL = unlinked), by parent_id, else inferred by caller number and time window;
--   - rollups of both per IST day, so that service level, agent stats and deep list pages read a
--     few rows per day however many calls there are;
--   - statement triggers on kaleyra_call_logs that queue the ids of changed legs, and a deferred
--     constraint trigger that recomputes what they affect once, at commit, under per-caller
--     advisory locks (db/functions/customer_call_links.sql explains the locking).
-- The trigger functions' bodies live in db/functions/customer_call_links.sql (applied after the
-- migrations); the ones created here are placeholders that do nothing. The tables stay empty
-- until that file, at its end, builds them once from the legs (customer_call_state.built_at),
-- so no write in between is missed: the build reads every leg under a SHARE lock.

ALTER TABLE kaleyra_call_logs ADD COLUMN parent_id text;

CREATE TABLE customer_calls (
  id                text PRIMARY KEY,          -- the Incoming leg's id
  caller            text NOT NULL,             -- kaleyra_normalize_phone(callfrom): what links compare
  customer_number   text NOT NULL,             -- callfrom verbatim
  did               text NOT NULL,             -- callto: the DID dialled
  start_time        timestamptz NOT NULL,
  end_time          timestamptz,
  duration          integer,
  location          text,
  provider          text,
  -- I_end + 5 s: a CallForward leg without parent_id starting in [start_time, window_end] may
  -- belong to this call (I_end = end_time, else start_time + duration, else start_time + 2 h).
  window_end        timestamptz NOT NULL,
  outcome           text NOT NULL DEFAULT 'NOT_FORWARDED'
                    CHECK (outcome IN ('ANSWERED', 'NOT_FORWARDED', 'CALLER_HUNG_UP', 'NO_ANSWER')),
  answer_leg_id     text,
  answered_by       text,
  answered_at       timestamptz,
  seconds_to_answer integer,
  talk_seconds      integer,
  agents_tried      integer NOT NULL DEFAULT 0
) WITH (fillfactor = 90); -- room for the facts to change in place (HOT) when a later page adds a leg

-- Inference (the caller's latest call starting at or before a leg), the customerNumber filter.
-- Every write to these tables is paid by the sync, so there are as few indexes as the reads
-- allow: customerCalls walks the Incoming legs' own (service, start_time, id) index, and a call's
-- legs are found by parent_id or by caller and window, as they were linked.
CREATE INDEX customer_calls_caller_idx ON customer_calls (caller, start_time, id) INCLUDE (window_end);

CREATE TABLE customer_call_legs (
  id          text PRIMARY KEY,                -- the CallForward leg's id
  call_id     text,                            -- customer_calls.id; NULL = unlinked
  caller      text NOT NULL,                   -- kaleyra_normalize_phone(callfrom)
  parent_id   text,                            -- Kaleyra's parent_id; NULL when empty
  start_time  timestamptz NOT NULL,
  agent       text NOT NULL,                   -- callto
  status      text NOT NULL,
  duration    integer,
  billsec     integer,
  -- Linked, not ANSWER, and its customer call was answered by nobody: a miss that lost a customer.
  lost        boolean NOT NULL DEFAULT false
) WITH (fillfactor = 90);

CREATE INDEX customer_call_legs_inferred_idx ON customer_call_legs (caller, start_time)
  WHERE parent_id IS NULL;
CREATE INDEX customer_call_legs_parent_idx ON customer_call_legs (parent_id)
  WHERE parent_id IS NOT NULL;

-- Per IST day (of the Incoming leg) and outcome: calls, and for answered ones the sums of
-- seconds_to_answer and talk_seconds.
CREATE TABLE customer_call_rollup (
  day          date   NOT NULL,
  outcome      text   NOT NULL,
  calls        bigint NOT NULL,
  seconds_sum  bigint NOT NULL,
  talk_sum     bigint NOT NULL,
  PRIMARY KEY (day, outcome)
) WITH (fillfactor = 70);

-- Per IST day: answered calls by seconds_to_answer (kind 'answer', capped at 3601) and missed
-- calls by the Incoming leg's duration, NULL = 0 (kind 'abandon', capped at 601). Any
-- answerWithinSeconds (1..3600) and shortAbandonSeconds (0..600) is a range of these.
CREATE TABLE customer_call_wait_rollup (
  day      date    NOT NULL,
  kind     text    NOT NULL CHECK (kind IN ('answer', 'abandon')),
  seconds  integer NOT NULL,
  calls    bigint  NOT NULL,
  PRIMARY KEY (day, kind, seconds)
) WITH (fillfactor = 70);

-- Per IST day and agent: answered_calls counts customer calls by the Incoming leg's day and
-- answered_by; lost_legs and unlinked_legs count CallForward legs by their own day and callto.
CREATE TABLE customer_call_agent_rollup (
  day            date   NOT NULL,
  agent          text   NOT NULL,
  answered_calls bigint NOT NULL,
  lost_legs      bigint NOT NULL,
  unlinked_legs  bigint NOT NULL,
  PRIMARY KEY (day, agent)
) WITH (fillfactor = 70);

-- Ids of legs changed by the statements of the transaction that is running, those of them that
-- existed before (updated or deleted), and the advisory lock keys of their versions before the
-- change; the commit-time flush takes them. Never committed (the flush deletes them), so unlogged.
CREATE UNLOGGED TABLE customer_call_pending (
  xid       xid8     NOT NULL DEFAULT pg_current_xact_id(),
  leg_ids   text[]   NOT NULL,
  existed   text[]   NOT NULL,
  old_keys  bigint[] NOT NULL
);
-- Small arrays, read once: not worth compressing.
ALTER TABLE customer_call_pending ALTER COLUMN leg_ids SET STORAGE EXTERNAL,
  ALTER COLUMN existed SET STORAGE EXTERNAL, ALTER COLUMN old_keys SET STORAGE EXTERNAL;
CREATE INDEX customer_call_pending_xid_idx ON customer_call_pending (xid);

-- One row: when the customer calls were last built from scratch (NULL = never: the next
-- application of db/functions/customer_call_links.sql builds them).
CREATE TABLE customer_call_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  built_at   timestamptz
);
INSERT INTO customer_call_state (singleton, built_at) VALUES (true, NULL);

-- Placeholders; db/functions/customer_call_links.sql replaces them.
CREATE FUNCTION customer_call_queue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION customer_call_flush() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION customer_call_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;

CREATE TRIGGER kaleyra_call_logs_customer_calls_insert
  AFTER INSERT ON kaleyra_call_logs REFERENCING NEW TABLE AS new_legs
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_queue();
CREATE TRIGGER kaleyra_call_logs_customer_calls_update
  AFTER UPDATE ON kaleyra_call_logs REFERENCING OLD TABLE AS old_legs NEW TABLE AS new_legs
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_queue();
CREATE TRIGGER kaleyra_call_logs_customer_calls_delete
  AFTER DELETE ON kaleyra_call_logs REFERENCING OLD TABLE AS old_legs
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_queue();
CREATE TRIGGER kaleyra_call_logs_customer_calls_truncate
  AFTER TRUNCATE ON kaleyra_call_logs
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_truncate();

CREATE CONSTRAINT TRIGGER customer_call_pending_flush
  AFTER INSERT ON customer_call_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION customer_call_flush();

ALTER TABLE customer_calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_legs ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_rollup ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_wait_rollup ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_agent_rollup ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_state ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY customer_calls_service_role_all ON customer_calls
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_legs_service_role_all ON customer_call_legs
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_rollup_service_role_all ON customer_call_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_wait_rollup_service_role_all ON customer_call_wait_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_agent_rollup_service_role_all ON customer_call_agent_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_pending_service_role_all ON customer_call_pending
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_state_service_role_all ON customer_call_state
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON
      customer_calls, customer_call_legs, customer_call_rollup, customer_call_wait_rollup,
      customer_call_agent_rollup, customer_call_pending,
      customer_call_state
    TO service_role;
  END IF;
END
$$;
