import { formatDuration } from '../../lib/format';
import { formatIstDateTime } from '../../lib/ist';
import { useLiveEvents } from '../../lib/live-feed';

export function LiveFeed() {
  const events = useLiveEvents();
  if (events.length === 0) return <p role="status">No call status changes yet.</p>;
  return (
    <table className="live">
      <caption className="visually-hidden">Call status changes, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Received (IST)</th>
          <th scope="col">Status</th>
          <th scope="col">Agent</th>
          <th scope="col">Customer</th>
          <th scope="col">Kaleyra status</th>
          <th scope="col">Talk</th>
        </tr>
      </thead>
      <tbody aria-live="polite">
        {events.map((e) => (
          <tr key={e.seq}>
            <td>{formatIstDateTime(e.receivedAt)}</td>
            <td>{e.status}</td>
            <td>{e.agentName ? `${e.agentName} (${e.caller})` : e.caller}</td>
            <td>{e.receiver}</td>
            <td>{e.kaleyraStatus}</td>
            <td>{formatDuration(e.billsec)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
