import { useEffect, useId, useRef, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAgentDirectory } from '../../hooks/useAgentDirectory';
import { useCallBack } from '../../hooks/useCallBack';
import { useIvrCall } from '../../hooks/useIvrCall';
import { permissionsOf, useAuth } from '../../lib/auth';

const STATUS_TEXT = {
  INITIATED: 'Ringing…',
  ANSWERED: 'Answered',
  MISSED: 'Not answered',
  BUSY: 'Busy',
  CANCELLED: 'Cancelled',
  FAILED: 'Failed',
} as const;

/**
 * "Call back" a customer with clickToCall: an agent calls from their own number, an admin picks
 * the agent. The started call's status follows the live events (IvrCall:<id> in the cache);
 * `onAnswered` runs once when it reaches ANSWERED (the missed-caller worklist reloads then).
 */
export function CallBackButton({
  customerNumber,
  onAnswered,
}: {
  customerNumber: string;
  onAnswered?: () => void;
}) {
  const { session } = useAuth();
  const can = permissionsOf(session);
  const [picking, setPicking] = useState(false);
  const [agent, setAgent] = useState('');
  const { callBack, call, calling, error } = useCallBack();
  const live = useIvrCall(call?.id);
  const { agents } = useAgentDirectory({ skip: !can.canPickAgent || !picking });
  const id = useId();
  const status = live?.status ?? call?.status;
  const answered = status === 'ANSWERED';
  // Once per answer, whatever identity the callback has from render to render.
  const latest = useRef(onAnswered);
  latest.current = onAnswered;
  useEffect(() => {
    if (answered) latest.current?.();
  }, [answered]);
  if (!can.canCall) return null;
  if (status)
    return (
      <span role="status">
        {STATUS_TEXT[status]}
        {live?.failureReason ? `: ${live.failureReason}` : ''}
      </span>
    );
  if (!can.canPickAgent)
    return (
      <>
        <button
          type="button"
          disabled={calling}
          onClick={() => void callBack(session!.agentNumber!, customerNumber)}
        >
          Call back {customerNumber}
        </button>
        {error && <ErrorMessage error={error} />}
      </>
    );
  if (!picking)
    return (
      <button type="button" onClick={() => setPicking(true)}>
        Call back {customerNumber}
      </button>
    );
  return (
    <form
      className="call-back"
      onSubmit={(e) => {
        e.preventDefault();
        if (agent) void callBack(agent, customerNumber);
      }}
    >
      <label htmlFor={id}>Agent to call {customerNumber} from</label>
      <select id={id} value={agent} required onChange={(e) => setAgent(e.target.value)}>
        <option value="">Choose an agent</option>
        {agents.map((a) => (
          <option key={a.agentNumber} value={a.agentNumber}>
            {a.name} ({a.agentNumber})
          </option>
        ))}
      </select>
      <button type="submit" disabled={calling || !agent}>
        Call
      </button>
      <button type="button" className="secondary" onClick={() => setPicking(false)}>
        Cancel
      </button>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
