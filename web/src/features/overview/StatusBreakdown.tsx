import type { KaleyraDashboardQuery } from '../../generated/graphql';
import { formatCount } from '../../lib/format';

type StatusCount = KaleyraDashboardQuery['dashboardOverview']['statusBreakdown'][number];

/** Legs by Kaleyra's status (ANSWER, NOANSWER, CANCEL, …), with each one's share. */
export function StatusBreakdown({ statuses }: { statuses: readonly StatusCount[] }) {
  const total = statuses.reduce((n, s) => n + s.count, 0);
  const sorted = [...statuses].sort((a, b) => b.count - a.count);
  return (
    <section className="panel" aria-labelledby="status-title">
      <h3 id="status-title">Legs by status</h3>
      {sorted.length === 0 ? (
        <p>No calls in this range.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Legs by status</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Legs</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => {
              const share = total ? (100 * s.count) / total : 0;
              return (
                <tr key={s.status}>
                  <th scope="row">{s.status}</th>
                  <td>{formatCount(s.count)}</td>
                  <td>
                    <span className="share">
                      <span className="share-bar" style={{ width: `${share}%` }} />
                    </span>
                    {share.toFixed(1)}%
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
