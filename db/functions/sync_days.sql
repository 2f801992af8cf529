-- Which IST days a sync fetched completely (a re-run resumes, settled days are skipped), with the
-- digests of the pages it wrote (an identical page is not written again).
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- Records that a sync fetched an IST day completely, with a digest of each page it wrote.
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

-- Days of [p_from, p_to] that were completed at least p_settle after they ended (IST): Kaleyra
-- will not add legs to them any more, so a re-run can skip them.
CREATE OR REPLACE FUNCTION settled_kaleyra_sync_days(p_from date, p_to date, p_settle interval)
RETURNS TABLE (day text)
LANGUAGE sql STABLE
AS $$
  SELECT to_char(d.day, 'YYYY-MM-DD')
  FROM kaleyra_sync_days d
  WHERE d.day BETWEEN p_from AND p_to
    AND d.completed_at >= ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Kolkata') + p_settle
  ORDER BY d.day;
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
      settled_kaleyra_sync_days(date, date, interval),
      kaleyra_sync_page_digests(date)
    TO service_role;
  END IF;
END
$$;
