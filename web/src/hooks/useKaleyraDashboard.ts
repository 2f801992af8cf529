import { useQuery } from '@apollo/client/react';
import { KaleyraDashboardDocument } from '../generated/graphql';
import { toRangeInput, type RangeSelection } from '../lib/range';

/**
 * The overview's figures for a range: customer calls and legs, missed callers, callers, the hour
 * × weekday heatmap and the breakdowns. One request, then the cache.
 */
export function useKaleyraDashboard(range: RangeSelection) {
  const { data, previousData, loading, error } = useQuery(KaleyraDashboardDocument, {
    variables: { range: toRangeInput(range) },
  });
  const shown = data ?? previousData;
  return {
    overview: shown?.dashboardOverview,
    recovery: shown?.recoverySummary,
    callers: shown?.callerSummary,
    heatmap: shown?.callHeatmap,
    breakdowns: shown && {
      byLocation: shown.byLocation,
      byProvider: shown.byProvider,
      byDid: shown.byDid,
    },
    loading,
    error,
  };
}
