import type { KaleyraCallListQuery } from '../../generated/graphql';
import { dialable, formatDuration } from '../../lib/format';
import { formatIstDateTime } from '../../lib/ist';
import { CallBackButton } from './CallBackButton';
import { RecordingPlayer } from './RecordingPlayer';

type Call = KaleyraCallListQuery['callList']['items'][number];

export function CallTable({ calls }: { calls: readonly Call[] }) {
  if (calls.length === 0) return <p>No calls match.</p>;
  return (
    <table className="calls">
      <caption className="visually-hidden">Call legs, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Started (IST)</th>
          <th scope="col">Service</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Agent</th>
          <th scope="col">Status</th>
          <th scope="col">Duration</th>
          <th scope="col">Talk</th>
          <th scope="col">Recording</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => (
          <tr key={c.id}>
            <td>{formatIstDateTime(c.startTime)}</td>
            <td>{c.serviceName}</td>
            <td>{c.callFrom}</td>
            <td>{c.callTo}</td>
            <td>{c.agentName ?? c.agentNumber ?? '–'}</td>
            <td>{c.status}</td>
            <td>{formatDuration(c.duration)}</td>
            <td>{formatDuration(c.billsec)}</td>
            <td>
              {c.status === 'ANSWER' && (
                <RecordingPlayer
                  url={c.recordingUrl}
                  label={`Recording of the call from ${c.callFrom} at ${formatIstDateTime(c.startTime)}`}
                />
              )}
            </td>
            <td>
              {c.service === 'INCOMING' && dialable(c.callFrom) && (
                <CallBackButton customerNumber={c.callFrom} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
