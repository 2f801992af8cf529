import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { KaleyraDashboardQuery } from '../../generated/graphql';
import { formatCount } from '../../lib/format';
import { formatDay } from '../../lib/ist';

type Day = KaleyraDashboardQuery['dashboardOverview']['dailyVolume'][number];

/** Incoming and forwarded legs per IST day, as a chart and (for screen readers and copying) a table. */
export function DailyVolumeChart({ days }: { days: readonly Day[] }) {
  const data = days.map((d) => ({ ...d, label: formatDay(d.date) }));
  return (
    <section className="panel" aria-labelledby="daily-title">
      <h3 id="daily-title">Calls per day (IST)</h3>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart
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
            <Bar dataKey="incoming" name="Incoming" fill="#1d4ed8" isAnimationActive={false} />
            <Bar dataKey="forwarded" name="Forwarded" fill="#b45309" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Figures per day</summary>
        <table>
          <caption className="visually-hidden">Calls per day (IST)</caption>
          <thead>
            <tr>
              <th scope="col">Day (IST)</th>
              <th scope="col">Incoming</th>
              <th scope="col">Forwarded</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.label}</th>
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
