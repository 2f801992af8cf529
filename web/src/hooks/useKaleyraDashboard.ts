import { useQuery } from '@apollo/client/react';
import { KaleyraDashboardDocument } from '../generated/graphql';
import { toRangeInput, type RangeSelection } from '../lib/range';

/** The overview's figures for a range: one request, then the cache. */
export function useKaleyraDashboard(range: RangeSelection) {
  const { data, previousData, loading, error } = useQuery(KaleyraDashboardDocument, {
    variables: { range: toRangeInput(range) },
  });
  return { overview: (data ?? previousData)?.dashboardOverview, loading, error };
}
