import type { BreakdownRowFiguresFragment } from '../../generated/graphql';
import { formatCount, formatPercent } from '../../lib/format';

/** One breakdown (telecom circle, carrier, DID dialled): offered, answered, answer rate. */
function BreakdownTable({
  title,
  keyLabel,
  rows,
}: {
  title: string;
  keyLabel: string;
  rows: readonly BreakdownRowFiguresFragment[];
}) {
  const id = `breakdown-${keyLabel.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {rows.length === 0 ? (
        <p>No customer calls in this range.</p>
      ) : (
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{keyLabel}</th>
              <th scope="col">Calls</th>
              <th scope="col">Answered</th>
              <th scope="col">Answer rate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.key === 'UNKNOWN' ? 'Unknown' : r.key}</th>
                <td>{formatCount(r.offered)}</td>
                <td>{formatCount(r.answered)}</td>
                <td>{formatPercent(r.answerRatePercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Where customer calls come from, by the Incoming leg's telecom circle, carrier and the number
 * dialled, most calls first (the server's order).
 */
export function CallBreakdowns({
  byLocation,
  byProvider,
  byDid,
}: {
  byLocation: readonly BreakdownRowFiguresFragment[];
  byProvider: readonly BreakdownRowFiguresFragment[];
  byDid: readonly BreakdownRowFiguresFragment[];
}) {
  return (
    <div className="three-columns">
      <BreakdownTable title="Customer calls by location" keyLabel="Location" rows={byLocation} />
      <BreakdownTable title="Customer calls by carrier" keyLabel="Carrier" rows={byProvider} />
      <BreakdownTable title="Customer calls by number dialled" keyLabel="DID" rows={byDid} />
    </div>
  );
}
