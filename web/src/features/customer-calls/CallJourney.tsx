import { ErrorMessage } from '../../components/ErrorMessage';
import { useCustomerCall } from '../../hooks/useCustomerCall';
import { formatDuration } from '../../lib/format';
import { formatIstDateTime } from '../../lib/ist';
import { RecordingPlayer } from '../calls/RecordingPlayer';

/** Seconds a leg rang before it was answered or given up: duration - billsec (never negative). */
const ringSeconds = (duration: number | null, billsec: number | null) =>
  Math.max(0, (duration ?? 0) - (billsec ?? 0));

/**
 * A customer call's journey: the Incoming leg (the IVR), then each agent's phone in the order it
 * rang, with ring and talk seconds, and the recording of an answered leg.
 */
export function CallJourney({ id, customerNumber }: { id: string; customerNumber: string }) {
  const { customerCall, loading, error } = useCustomerCall(id);
  if (error) return <ErrorMessage error={error} />;
  if (!customerCall) return <p>{loading ? 'Loading the journey…' : 'This call is gone.'}</p>;
  return (
    <table className="journey">
      <caption>Journey of the call from {customerNumber}</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Started (IST)</th>
          <th scope="col">Agent</th>
          <th scope="col">Status</th>
          <th scope="col">Ring</th>
          <th scope="col">Talk</th>
          <th scope="col">Recording</th>
        </tr>
      </thead>
      <tbody>
        {customerCall.legs.map((leg, i) => {
          const incoming = leg.service === 'INCOMING';
          return (
            <tr key={leg.id}>
              <th scope="row">{incoming ? 'IVR' : `Try ${i}`}</th>
              <td>{formatIstDateTime(leg.startTime)}</td>
              <td>
                {incoming
                  ? `Dialled ${leg.callTo}`
                  : (leg.agentName ?? leg.agentNumber ?? leg.callTo)}
              </td>
              <td>{leg.status}</td>
              <td>{incoming ? '–' : formatDuration(ringSeconds(leg.duration, leg.billsec))}</td>
              <td>{incoming ? '–' : formatDuration(leg.billsec)}</td>
              <td>
                {!incoming && leg.status === 'ANSWER' && (
                  <RecordingPlayer
                    url={leg.recordingUrl}
                    label={`Recording of ${leg.agentName ?? leg.callTo} with ${customerNumber}`}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
