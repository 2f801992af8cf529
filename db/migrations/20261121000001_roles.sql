-- Why: policies below name Supabase's roles (anon, authenticated, service_role). On Supabase they
-- exist already; on a plain Postgres (self-hosted, embedded, tests) we create them as NOLOGIN roles
-- so the same migrations apply everywhere. Without CREATEROLE the roles are skipped, and the
-- policies that need them are skipped too (see the DO blocks in later files).
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role %, skipping', r;
      END;
    END IF;
  END LOOP;
END
$$;
