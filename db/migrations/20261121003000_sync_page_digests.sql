-- Why: a re-sync of unchanged data fetched every page and sent every leg back to Postgres only to
-- find nothing had changed. The sync now keeps, per IST day, a digest of each page it wrote; a
-- later sync (unless forced) skips the write for a page whose digest is the same. Digests are
-- stored only when a whole day completed, so a failed day is always rewritten in full.
ALTER TABLE kaleyra_sync_days ADD COLUMN page_digests text[] NOT NULL DEFAULT '{}';

DROP FUNCTION IF EXISTS mark_kaleyra_sync_day(date, integer, integer, integer);

CREATE OR REPLACE FUNCTION mark_kaleyra_sync_day(
  p_day date, p_fetched integer, p_upserted integer, p_skipped integer, p_page_digests text[])
RETURNS void
LANGUAGE sql VOLATILE
AS $$
  INSERT INTO kaleyra_sync_days (day, completed_at, fetched, upserted, skipped, page_digests)
  VALUES (p_day, now(), p_fetched, p_upserted, p_skipped, coalesce(p_page_digests, '{}'))
  ON CONFLICT (day) DO UPDATE
    SET completed_at = now(), fetched = EXCLUDED.fetched, upserted = EXCLUDED.upserted,
        skipped = EXCLUDED.skipped, page_digests = EXCLUDED.page_digests;
$$;

-- The page digests of the last completed sync of a day (empty when none).
CREATE OR REPLACE FUNCTION kaleyra_sync_page_digests(p_day date)
RETURNS text[]
LANGUAGE sql STABLE
AS $$
  SELECT coalesce((SELECT page_digests FROM kaleyra_sync_days WHERE day = p_day), '{}');
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      mark_kaleyra_sync_day(date, integer, integer, integer, text[]),
      kaleyra_sync_page_digests(date)
    TO service_role;
  END IF;
END
$$;
