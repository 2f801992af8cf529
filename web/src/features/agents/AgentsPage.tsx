import { ErrorMessage } from '../../components/ErrorMessage';
import { useAgentStats } from '../../hooks/useAgentStats';
import { rangeFromParams } from '../../lib/range';
import { useLocation } from '../../lib/router';
import { AgentTable } from './AgentTable';

export default function AgentsPage() {
  const { params } = useLocation();
  const { agentStats, loading, error } = useAgentStats(rangeFromParams(params));
  return (
    <section aria-labelledby="agents-title">
      <h2 id="agents-title">Agents</h2>
      {error && <ErrorMessage error={error} />}
      {!agentStats && loading && <p>Loading…</p>}
      {agentStats && <AgentTable agents={agentStats} />}
    </section>
  );
}
