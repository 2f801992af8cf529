-- IST calendar days: the dashboards count by Asia/Kolkata day whatever the server's TZ.
-- Current definitions: the migrator re-applies this file whenever it changes (db/README.md).

-- The IST calendar day of an instant.
CREATE OR REPLACE FUNCTION kaleyra_ist_day(p_at timestamptz)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (p_at AT TIME ZONE 'Asia/Kolkata')::date;
$$;

-- The instant an IST day starts.
CREATE OR REPLACE FUNCTION kaleyra_ist_midnight(p_day date)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT p_day::timestamp AT TIME ZONE 'Asia/Kolkata';
$$;

-- The first IST day that starts at or after p_at.
CREATE OR REPLACE FUNCTION kaleyra_ist_day_ceil(p_at timestamptz)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN kaleyra_ist_midnight(kaleyra_ist_day(p_at)) < p_at
              THEN kaleyra_ist_day(p_at) + 1 ELSE kaleyra_ist_day(p_at) END;
$$;

-- True when both ends are IST midnights, as every range the API sends is.
CREATE OR REPLACE FUNCTION kaleyra_range_is_whole_days(p_start timestamptz, p_end timestamptz)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT kaleyra_ist_midnight(kaleyra_ist_day(p_start)) = p_start
     AND kaleyra_ist_midnight(kaleyra_ist_day(p_end)) = p_end;
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT EXECUTE ON FUNCTION
      kaleyra_ist_day(timestamptz),
      kaleyra_ist_midnight(date),
      kaleyra_ist_day_ceil(timestamptz),
      kaleyra_range_is_whole_days(timestamptz, timestamptz)
    TO service_role;
  END IF;
END
$$;
