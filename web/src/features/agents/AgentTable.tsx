import { Link } from '../../components/Link';
import type { AgentStatsRowFragment } from '../../generated/graphql';
import { formatCount, formatDuration, formatPercent } from '../../lib/format';
import { navigate, useLocation, withParams } from '../../lib/router';

type Agent = AgentStatsRowFragment;
type SortKey =
  'name' | 'number' | 'offered' | 'answered' | 'rate' | 'missed' | 'lost' | 'talk' | 'average';

// A missing rate or average (nothing offered or answered) sorts below every figure.
const COLUMNS: {
  key: SortKey;
  label: string;
  value: (a: Agent) => string | number;
  show: (a: Agent) => string;
}[] = [
  {
    key: 'name',
    label: 'Name',
    value: (a) => (a.agentName ?? '').toLowerCase(),
    show: (a) => a.agentName ?? '',
  },
  { key: 'number', label: 'Number', value: (a) => a.agentNumber, show: (a) => a.agentNumber },
  {
    key: 'offered',
    label: 'Offered',
    value: (a) => a.offered,
    show: (a) => formatCount(a.offered),
  },
  {
    key: 'answered',
    label: 'Answered',
    value: (a) => a.callsAnswered,
    show: (a) => formatCount(a.callsAnswered),
  },
  {
    key: 'rate',
    label: 'Answer rate',
    value: (a) => a.answerRatePercent ?? -1,
    show: (a) => formatPercent(a.answerRatePercent),
  },
  {
    key: 'missed',
    label: 'Missed',
    value: (a) => a.missedCalls,
    show: (a) => formatCount(a.missedCalls),
  },
  {
    key: 'lost',
    label: 'Lost',
    value: (a) => a.missedCallsLost,
    show: (a) => formatCount(a.missedCallsLost),
  },
  {
    key: 'talk',
    label: 'Talk time',
    value: (a) => a.totalTalkSeconds,
    show: (a) => formatDuration(a.totalTalkSeconds),
  },
  {
    key: 'average',
    label: 'Average talk',
    value: (a) => a.averageTalkSeconds ?? -1,
    show: (a) => formatDuration(a.averageTalkSeconds),
  },
];

/**
 * Forwarded legs per agent (offered = the legs that rang them; lost = missed legs whose customer
 * call nobody answered), sortable by any column (the sort is in the URL). An agent's name
 * opens their calls.
 */
export function AgentTable({ agents }: { agents: readonly Agent[] }) {
  const { path, params } = useLocation();
  const key = (COLUMNS.find((c) => c.key === params.get('sort'))?.key ?? 'answered') as SortKey;
  const dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
  const column = COLUMNS.find((c) => c.key === key)!;
  const sorted = [...agents].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order = x < y ? -1 : x > y ? 1 : a.agentNumber.localeCompare(b.agentNumber);
    return dir === 'asc' ? order : -order;
  });
  const sortBy = (k: SortKey) =>
    navigate(
      withParams(path, params, {
        sort: k,
        dir: k === key && dir === 'desc' ? 'asc' : 'desc',
      }),
      { replace: true },
    );
  const callsOf = (a: Agent) =>
    withParams('/calls', params, {
      sort: null,
      dir: null,
      service: 'CALL_FORWARD',
      agent: a.agentNumber,
    });
  if (agents.length === 0) return <p>No forwarded calls in this range.</p>;
  return (
    <table className="agents">
      <caption className="visually-hidden">Agents, sortable by each column</caption>
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              scope="col"
              aria-sort={c.key === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" className="sort" onClick={() => sortBy(c.key)}>
                {c.label}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((a) => (
          <tr key={a.agentNumber}>
            <th scope="row">
              <Link href={callsOf(a)}>{a.agentName ?? 'Unnamed agent'}</Link>
            </th>
            {COLUMNS.slice(1).map((c) => (
              <td key={c.key}>{c.show(a)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
