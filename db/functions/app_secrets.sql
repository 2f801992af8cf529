-- Secrets shared by every instance.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- A secret shared by every instance (the callback token unless KALEYRA_CALLBACK_TOKEN is set):
-- the stored one, or p_candidate when none was stored yet.
CREATE OR REPLACE FUNCTION get_or_create_secret(p_name text, p_candidate text)
RETURNS text
LANGUAGE sql VOLATILE
AS $$
  WITH ins AS (
    INSERT INTO app_secrets (name, value) VALUES (p_name, p_candidate)
    ON CONFLICT (name) DO NOTHING
    RETURNING value
  )
  SELECT value FROM ins
  UNION ALL
  SELECT value FROM app_secrets WHERE name = p_name
  LIMIT 1;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      get_or_create_secret(text, text)
    TO service_role;
  END IF;
END
$$;
