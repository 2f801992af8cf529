-- Why: a missed call that nobody returns is lost business, and the report managers ask for first
-- is a worklist of missed callers that closes itself when someone calls back (issue 13). This
-- migration adds missed-call recovery episodes, kept by the database for any writer like the
-- customer calls they are built from (migration 20261201000002):
--   - customer_call_episodes: per normalised customer number, each run of unanswered customer
--     calls and what closed it (an answered call from the number, an answered Click2Call leg to
--     it, or an ANSWERED click-to-call this server started), as the contract's MissedCaller says;
--   - statement triggers on customer_calls (whatever the customer-call flush writes), on the
--     Click2Call legs of kaleyra_call_logs and on ivr_calls (the callback path) queue the numbers
--     whose episodes may change; a deferred constraint trigger recomputes those numbers' episodes
--     once, at commit (db/functions/customer_call_recovery.sql explains the order and locks);
--   - indexes to find a number's callbacks: Click2Call legs and ivr_calls by the number called;
--   - rollups of customer calls per IST day by hour, and by location, provider and DID, kept at
--     commit from what the same customer_calls triggers queue (callHeatmap, callBreakdown).
-- The trigger functions' bodies live in db/functions/customer_call_recovery.sql (applied after
-- the migrations); the ones created here are placeholders. The episodes stay empty until that
-- file, at its end, builds them once (customer_call_episode_state.built_at).

CREATE TABLE customer_call_episodes (
  caller               text NOT NULL,          -- kaleyra_normalize_phone(callfrom)
  first_missed_at      timestamptz NOT NULL,   -- the first unanswered call's Incoming start_time
  customer_number      text NOT NULL,          -- callfrom of that first call, verbatim
  missed_calls         integer NOT NULL,
  last_missed_at       timestamptz NOT NULL,
  recovered_at         timestamptz,            -- NULL: still open
  recovered_by         text CHECK (recovered_by IN ('CALLED_BACK', 'CALLER_CALLED_AGAIN')),
  recovered_by_agent   text,
  seconds_to_recovery  integer,
  PRIMARY KEY (caller, first_missed_at)
);

-- missedCallers' order (firstMissedAt desc, customerNumber asc) and every range read.
CREATE INDEX customer_call_episodes_first_missed_idx
  ON customer_call_episodes (first_missed_at DESC, customer_number, caller)
  INCLUDE (recovered_at, seconds_to_recovery);

-- A number's callbacks. The number is matched in the forms Kaleyra and ClickToCallInput write
-- (10 digits, optionally after +91, 91 or 0): an index on the normalised number would need
-- kaleyra_normalize_phone, which lives in db/functions/ and does not exist yet on a fresh install.
CREATE INDEX kaleyra_call_logs_click2call_callto_idx ON kaleyra_call_logs (callto, start_time)
  WHERE service = 'Click2Call';
CREATE INDEX ivr_calls_customer_number_idx ON ivr_calls (customer_number)
  WHERE kind = 'click2call';

-- Per IST day (of the Incoming leg) and IST hour: customer calls offered and answered
-- (callHeatmap reads whole days here).
CREATE TABLE customer_call_hour_rollup (
  day       date     NOT NULL,
  hour      smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  offered   bigint   NOT NULL,
  answered  bigint   NOT NULL,
  PRIMARY KEY (day, hour)
) WITH (fillfactor = 70);

-- Per IST day, dimension (LOCATION, PROVIDER, DID) and key (blank or null = 'UNKNOWN'): customer
-- calls offered and answered (callBreakdown reads whole days here).
CREATE TABLE customer_call_key_rollup (
  day        date   NOT NULL,
  dimension  text   NOT NULL CHECK (dimension IN ('LOCATION', 'PROVIDER', 'DID')),
  key        text   NOT NULL,
  offered    bigint NOT NULL,
  answered   bigint NOT NULL,
  PRIMARY KEY (day, dimension, key)
) WITH (fillfactor = 70);

-- What the running transaction's statements changed, one row per statement: the numbers whose
-- episodes may change, and the customer calls to add to (sign 1) or take from (sign -1) the two
-- rollups above, as parallel arrays. The commit-time flush takes them. Never committed (the flush
-- deletes them), so unlogged.
CREATE UNLOGGED TABLE customer_call_recovery_pending (
  xid         xid8          NOT NULL DEFAULT pg_current_xact_id(),
  callers     text[]        NOT NULL,
  d_sign      smallint[]    NOT NULL,
  d_start     timestamptz[] NOT NULL,
  d_did       text[]        NOT NULL,
  d_location  text[]        NOT NULL,
  d_provider  text[]        NOT NULL,
  d_answered  boolean[]     NOT NULL
);
-- Small arrays, read once: not worth compressing.
ALTER TABLE customer_call_recovery_pending ALTER COLUMN callers SET STORAGE EXTERNAL,
  ALTER COLUMN d_sign SET STORAGE EXTERNAL, ALTER COLUMN d_start SET STORAGE EXTERNAL,
  ALTER COLUMN d_did SET STORAGE EXTERNAL, ALTER COLUMN d_location SET STORAGE EXTERNAL,
  ALTER COLUMN d_provider SET STORAGE EXTERNAL, ALTER COLUMN d_answered SET STORAGE EXTERNAL;
CREATE INDEX customer_call_recovery_pending_xid_idx ON customer_call_recovery_pending (xid);

-- One row: when the episodes and the two rollups were last built from scratch (NULL = never: the
-- next application of db/functions/customer_call_recovery.sql builds them).
CREATE TABLE customer_call_episode_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  built_at   timestamptz
);
INSERT INTO customer_call_episode_state (singleton, built_at) VALUES (true, NULL);

-- Placeholders; db/functions/customer_call_recovery.sql replaces them.
CREATE FUNCTION customer_call_episode_queue_calls() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION customer_call_episode_queue_legs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION customer_call_episode_queue_ivr() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION customer_call_episode_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION customer_call_episode_flush() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;

CREATE TRIGGER customer_calls_episodes_insert
  AFTER INSERT ON customer_calls REFERENCING NEW TABLE AS new_calls
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_calls();
CREATE TRIGGER customer_calls_episodes_update
  AFTER UPDATE ON customer_calls REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_calls();
CREATE TRIGGER customer_calls_episodes_delete
  AFTER DELETE ON customer_calls REFERENCING OLD TABLE AS old_calls
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_calls();
CREATE TRIGGER customer_calls_episodes_truncate
  AFTER TRUNCATE ON customer_calls
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_truncate();

CREATE TRIGGER kaleyra_call_logs_episodes_insert
  AFTER INSERT ON kaleyra_call_logs REFERENCING NEW TABLE AS new_legs
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_legs();
CREATE TRIGGER kaleyra_call_logs_episodes_update
  AFTER UPDATE ON kaleyra_call_logs REFERENCING OLD TABLE AS old_legs NEW TABLE AS new_legs
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_legs();
CREATE TRIGGER kaleyra_call_logs_episodes_delete
  AFTER DELETE ON kaleyra_call_logs REFERENCING OLD TABLE AS old_legs
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_legs();

CREATE TRIGGER ivr_calls_episodes_insert
  AFTER INSERT ON ivr_calls REFERENCING NEW TABLE AS new_ivr
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_ivr();
CREATE TRIGGER ivr_calls_episodes_update
  AFTER UPDATE ON ivr_calls REFERENCING OLD TABLE AS old_ivr NEW TABLE AS new_ivr
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_ivr();
CREATE TRIGGER ivr_calls_episodes_delete
  AFTER DELETE ON ivr_calls REFERENCING OLD TABLE AS old_ivr
  FOR EACH STATEMENT EXECUTE FUNCTION customer_call_episode_queue_ivr();

CREATE CONSTRAINT TRIGGER customer_call_recovery_pending_flush
  AFTER INSERT ON customer_call_recovery_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION customer_call_episode_flush();

ALTER TABLE customer_call_episodes ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_hour_rollup ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_key_rollup ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_recovery_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_call_episode_state ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE POLICY customer_call_episodes_service_role_all ON customer_call_episodes
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_hour_rollup_service_role_all ON customer_call_hour_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_key_rollup_service_role_all ON customer_call_key_rollup
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_recovery_pending_service_role_all ON customer_call_recovery_pending
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    CREATE POLICY customer_call_episode_state_service_role_all ON customer_call_episode_state
      FOR ALL TO service_role USING (true) WITH CHECK (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON
      customer_call_episodes, customer_call_hour_rollup, customer_call_key_rollup,
      customer_call_recovery_pending, customer_call_episode_state
    TO service_role;
  END IF;
END
$$;
