import { useQuery } from '@apollo/client/react';
import { AgentStatsForRangeDocument } from '../generated/graphql';
import { toRangeInput, type RangeSelection } from '../lib/range';

/** Per-agent leg figures for a range (from the cache when the overview loaded the same range). */
export function useAgentStats(range: RangeSelection) {
  const { data, previousData, loading, error } = useQuery(AgentStatsForRangeDocument, {
    variables: { range: toRangeInput(range) },
  });
  return { agentStats: (data ?? previousData)?.dashboardOverview.agentStats, loading, error };
}
