-- A lease: one sync at a time across instances, through any connection (PostgREST, a pooler).
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- Takes the named lease for p_ttl_seconds unless another holder's lease is still live.
CREATE OR REPLACE FUNCTION try_acquire_sync_lease(p_name text, p_holder text, p_ttl_seconds integer)
RETURNS boolean
LANGUAGE sql VOLATILE
AS $$
  WITH taken AS (
    INSERT INTO sync_leases AS l (name, holder, expires_at)
    VALUES (p_name, p_holder, now() + make_interval(secs => p_ttl_seconds))
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE l.expires_at < now() OR l.holder = EXCLUDED.holder
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM taken);
$$;

-- Gives the lease back (only the holder's own lease is deleted).
CREATE OR REPLACE FUNCTION release_sync_lease(p_name text, p_holder text)
RETURNS void
LANGUAGE sql VOLATILE
AS $$
  DELETE FROM sync_leases WHERE name = p_name AND holder = p_holder;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      try_acquire_sync_lease(text, text, integer),
      release_sync_lease(text, text)
    TO service_role;
  END IF;
END
$$;
