import type { KaleyraDashboardQuery } from '../../generated/graphql';
import { formatCount, formatPercent } from '../../lib/format';

type Cell = KaleyraDashboardQuery['callHeatmap'][number];

/** ISO weekdays as the server numbers them (IST): 1 = Monday .. 7 = Sunday. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => h);
/** Shades from none to the busiest cell; each class pairs its background with a readable text. */
const SHADES = 6;
const hourLabel = (h: number) => String(h).padStart(2, '0');

/**
 * Customer calls by IST hour and weekday as a table whose cells are shaded by volume: the
 * numbers stay readable (and reachable by a screen reader) where a chart would only show colour.
 * The server's weekdays and hours are IST already, so the browser's zone plays no part.
 */
export function CallHeatmap({ cells }: { cells: readonly Cell[] }) {
  const byKey = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const max = cells.reduce((m, c) => Math.max(m, c.offered), 0);
  const total = cells.reduce((n, c) => n + c.offered, 0);
  const busiest = cells.find((c) => c.offered === max && max > 0);
  const shade = (n: number) => (n === 0 ? 0 : Math.max(1, Math.ceil(((SHADES - 1) * n) / max)));
  return (
    <section className="panel" aria-labelledby="heatmap-title">
      <h3 id="heatmap-title">When customers call (IST)</h3>
      <p>
        {formatCount(total)} customer calls
        {busiest &&
          `; busiest: ${WEEKDAYS[busiest.weekday - 1]} ${hourLabel(busiest.hour)}:00–${hourLabel(busiest.hour + 1)}:00 (${formatCount(busiest.offered)})`}
        . Darker cells had more calls.
      </p>
      <div className="heatmap-scroll">
        <table className="heatmap">
          <caption className="visually-hidden">
            Customer calls by weekday and hour (IST), with the share answered
          </caption>
          <thead>
            <tr>
              <td />
              {HOURS.map((h) => (
                <th key={h} scope="col" abbr={`${hourLabel(h)}:00`}>
                  {hourLabel(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((day, i) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {HOURS.map((h) => {
                  const c = byKey.get(`${i + 1}:${h}`);
                  const offered = c?.offered ?? 0;
                  const answered = c?.answered ?? 0;
                  return (
                    <td
                      key={h}
                      className={`heat heat-${shade(offered)}`}
                      title={`${day} ${hourLabel(h)}:00: ${formatCount(offered)} calls, ${formatCount(answered)} answered${offered ? ` (${formatPercent((100 * answered) / offered)})` : ''}`}
                    >
                      {offered}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
