import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ServiceLevelFiguresFragment } from '../../generated/graphql';
import { formatCount } from '../../lib/format';
import { OUTCOME_COLOURS, OUTCOME_LABELS } from '../../lib/outcomes';

/** Customer calls by outcome (all four, zeros included), as bars and as a table with shares. */
export function OutcomesChart({ serviceLevel }: { serviceLevel: ServiceLevelFiguresFragment }) {
  const total = serviceLevel.offered;
  const data = serviceLevel.byOutcome.map((o) => ({
    ...o,
    label: OUTCOME_LABELS[o.outcome],
  }));
  return (
    <section className="panel" aria-labelledby="outcomes-title">
      <h3 id="outcomes-title">Customer calls by outcome</h3>
      {total === 0 ? (
        <p>No customer calls in this range.</p>
      ) : (
        <>
          <div className="chart chart-small" aria-hidden="true">
            <ResponsiveContainer width="100%" height={160}>
              <BarChart
                data={data}
                layout="vertical"
                margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
                accessibilityLayer={false}
              >
                <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
                <YAxis type="category" dataKey="label" width={200} tick={{ fontSize: 12 }} />
                <Tooltip formatter={(v) => formatCount(Number(v))} />
                <Bar dataKey="count" name="Customer calls" isAnimationActive={false}>
                  {data.map((d) => (
                    <Cell key={d.outcome} fill={OUTCOME_COLOURS[d.outcome]} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table>
            <caption className="visually-hidden">Customer calls by outcome</caption>
            <thead>
              <tr>
                <th scope="col">Outcome</th>
                <th scope="col">Calls</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {data.map((o) => (
                <tr key={o.outcome}>
                  <th scope="row">{o.label}</th>
                  <td>{formatCount(o.count)}</td>
                  <td>{((100 * o.count) / total).toFixed(1)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
