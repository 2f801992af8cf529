import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { KaleyraDashboardQuery } from '../../generated/graphql';
import { formatCount } from '../../lib/format';
import { formatDay } from '../../lib/ist';
import { OUTCOME_COLOURS } from '../../lib/outcomes';

type Overview = KaleyraDashboardQuery['dashboardOverview'];

/**
 * Per IST day: customer calls answered and missed (stacked bars), and Kaleyra's Incoming and
 * forwarded legs (lines), as a chart and (for screen readers and copying) a table. Both series
 * are zero-filled over the same days; they are joined by date all the same.
 */
export function DailyVolumeChart({
  legs,
  calls,
}: {
  legs: Overview['dailyVolume'];
  calls: Overview['customerCallsByDay'];
}) {
  const byDate = new Map(calls.map((c) => [c.date, c]));
  const data = legs.map((d) => ({
    ...d,
    answered: byDate.get(d.date)?.answered ?? 0,
    missed: byDate.get(d.date)?.missed ?? 0,
    label: formatDay(d.date),
  }));
  return (
    <section className="panel" aria-labelledby="daily-title">
      <h3 id="daily-title">Calls per day (IST)</h3>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart
            data={data}
            margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
            // The table below is the accessible version; the picture stays out of the tab order.
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
            <Tooltip formatter={(v) => formatCount(Number(v))} />
            <Legend />
            <Bar
              dataKey="answered"
              name="Customer calls answered"
              stackId="calls"
              fill={OUTCOME_COLOURS.ANSWERED}
              isAnimationActive={false}
            />
            <Bar
              dataKey="missed"
              name="Customer calls missed"
              stackId="calls"
              fill={OUTCOME_COLOURS.NO_ANSWER}
              isAnimationActive={false}
            />
            <Line
              dataKey="incoming"
              name="Incoming legs"
              stroke="#1d4ed8"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="forwarded"
              name="Forwarded legs"
              stroke="#b45309"
              strokeWidth={2}
              strokeDasharray="5 3"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Figures per day</summary>
        <table>
          <caption className="visually-hidden">Calls per day (IST)</caption>
          <thead>
            <tr>
              <th scope="col">Day (IST)</th>
              <th scope="col">Answered calls</th>
              <th scope="col">Missed calls</th>
              <th scope="col">Incoming legs</th>
              <th scope="col">Forwarded legs</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.label}</th>
                <td>{formatCount(d.answered)}</td>
                <td>{formatCount(d.missed)}</td>
                <td>{formatCount(d.incoming)}</td>
                <td>{formatCount(d.forwarded)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
