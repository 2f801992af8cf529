/**
 * A query for the ranges where get_recovery_summary differs from a plain count and
 * percentile_disc over the episodes (no rows when it is right). `ranges` is a query with the
 * columns s and e (timestamptz, the range) and hours (withinHours).
 */
export function recoverySummariesAgainstEpisodes(ranges: string): string {
  return `
    WITH ranges AS (${ranges}
    ), plain AS (
      SELECT r.s, r.e, r.hours, count(x.caller)::int AS episodes,
             count(x.recovered_at)::int AS recovered,
             (count(x.caller) FILTER (WHERE x.seconds_to_recovery <= r.hours * 3600))::int AS within,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY x.seconds_to_recovery)
               FILTER (WHERE x.recovered_at IS NOT NULL) AS median
      FROM ranges r
      LEFT JOIN customer_call_episodes x ON x.first_missed_at >= r.s AND x.first_missed_at < r.e
      GROUP BY r.s, r.e, r.hours
    )
    SELECT p.*, g.*
    FROM plain p CROSS JOIN LATERAL get_recovery_summary(p.s, p.e, p.hours) g
    WHERE (g.episodes, g.recovered, g.recovered_within, g.open, g.median_seconds_to_recovery)
          IS DISTINCT FROM (p.episodes, p.recovered, p.within, p.episodes - p.recovered, p.median)`;
}
