import { Link } from '../../components/Link';
import type { AgentStatsRowFragment } from '../../generated/graphql';
import { formatCount, formatDuration } from '../../lib/format';
import { useLocation, withParams } from '../../lib/router';

/** The five agents who answered most, linking to the full table. */
export function TopAgents({ agents }: { agents: readonly AgentStatsRowFragment[] }) {
  const { params } = useLocation();
  const top = [...agents].sort((a, b) => b.callsAnswered - a.callsAnswered).slice(0, 5);
  return (
    <section className="panel" aria-labelledby="top-agents-title">
      <h3 id="top-agents-title">Agents who answered most</h3>
      {top.length === 0 ? (
        <p>No forwarded calls in this range.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Agents who answered most</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Answered</th>
              <th scope="col">Missed</th>
              <th scope="col">Talk time</th>
            </tr>
          </thead>
          <tbody>
            {top.map((a) => (
              <tr key={a.agentNumber}>
                <th scope="row">{a.agentName ?? a.agentNumber}</th>
                <td>{formatCount(a.callsAnswered)}</td>
                <td>{formatCount(a.missedCalls)}</td>
                <td>{formatDuration(a.totalTalkSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Link href={withParams('/agents', params, {})}>All agents</Link>
    </section>
  );
}
