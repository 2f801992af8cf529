import { useId } from 'react';
import type { CallListFilter } from '../../generated/graphql';
import { useAgentDirectory } from '../../hooks/useAgentDirectory';
import { useCallStatuses } from '../../hooks/useCallStatuses';
import type { RangeSelection } from '../../lib/range';
import { navigate, useLocation, withParams } from '../../lib/router';

const SERVICE_LABELS = {
  INCOMING: 'Incoming (IVR)',
  CALL_FORWARD: 'Forwarded to an agent',
  CLICK2CALL: 'Click-to-call',
  OTHER: 'Other',
} as const;

/** Service, agent and status filters; each choice goes into the URL (and back to page 1). */
export function CallFilters({ range, filter }: { range: RangeSelection; filter: CallListFilter }) {
  const { path, params } = useLocation();
  const { agents } = useAgentDirectory();
  const statuses = useCallStatuses(range);
  const set = (key: string, value: string) =>
    navigate(withParams(path, params, { [key]: value || null }));
  const id = useId();
  const agentKnown =
    !filter.agentNumber || agents.some((a) => a.agentNumber === filter.agentNumber);
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label htmlFor={`${id}-service`}>Service</label>
        <select
          id={`${id}-service`}
          value={filter.service ?? ''}
          onChange={(e) => set('service', e.target.value)}
        >
          <option value="">All services</option>
          {Object.entries(SERVICE_LABELS).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-agent`}>Agent</label>
        <select
          id={`${id}-agent`}
          value={filter.agentNumber ?? ''}
          onChange={(e) => set('agent', e.target.value)}
        >
          <option value="">All agents</option>
          {!agentKnown && <option value={filter.agentNumber!}>{filter.agentNumber}</option>}
          {agents.map((a) => (
            <option key={a.agentNumber} value={a.agentNumber}>
              {a.name} ({a.agentNumber})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={filter.status ?? ''}
          onChange={(e) => set('status', e.target.value)}
        >
          <option value="">All statuses</option>
          {filter.status && !statuses.some((s) => s.status === filter.status) && (
            <option value={filter.status}>{filter.status}</option>
          )}
          {statuses.map((s) => (
            <option key={s.status} value={s.status}>
              {s.status}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
