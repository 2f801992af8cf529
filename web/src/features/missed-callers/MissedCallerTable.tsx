import type { MissedCallerPageFieldsFragment } from '../../generated/graphql';
import { dialable, formatCount, formatDuration } from '../../lib/format';
import { formatIstDateTime } from '../../lib/ist';
import { CallBackButton } from '../calls/CallBackButton';

type MissedCaller = MissedCallerPageFieldsFragment['items'][number];

/** Who reached the caller, and how, in words. */
function recoveryText(c: MissedCaller): string {
  if (!c.recoveredBy) return 'Recovered';
  const who = c.recoveredByAgentName ?? c.recoveredByAgent;
  if (c.recoveredBy === 'CALLED_BACK') return who ? `Called back by ${who}` : 'Called back';
  return who ? `Called again, answered by ${who}` : 'Called again';
}

/**
 * One list of the worklist. An open row offers "Call back" (to the roles that may call) and then
 * shows the call's live status; a recovered row says who reached the caller and how soon.
 */
export function MissedCallerTable({
  callers,
  caption,
  onAnswered,
}: {
  callers: readonly MissedCaller[];
  caption: string;
  onAnswered?: () => void;
}) {
  if (callers.length === 0) return <p>No missed callers here for this range.</p>;
  const actionable = callers.some((c) => c.state === 'OPEN');
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Customer</th>
          <th scope="col">Missed calls</th>
          <th scope="col">First missed (IST)</th>
          <th scope="col">Last missed (IST)</th>
          <th scope="col">State</th>
          {actionable && <th scope="col">Action</th>}
        </tr>
      </thead>
      <tbody>
        {callers.map((c) => (
          <tr key={`${c.customerNumber} ${c.firstMissedAt}`}>
            <th scope="row">{c.customerNumber}</th>
            <td>{formatCount(c.missedCalls)}</td>
            <td>{formatIstDateTime(c.firstMissedAt)}</td>
            <td>{formatIstDateTime(c.lastMissedAt)}</td>
            <td>
              {c.state === 'OPEN'
                ? 'Open'
                : `${recoveryText(c)}${c.secondsToRecovery == null ? '' : ` after ${formatDuration(c.secondsToRecovery)}`}`}
            </td>
            {actionable && (
              <td>
                {c.state === 'OPEN' && dialable(c.customerNumber) && (
                  <CallBackButton customerNumber={c.customerNumber} onAnswered={onAnswered} />
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
