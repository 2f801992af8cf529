import { useQuery } from '@apollo/client/react';
import { CallStatusesForRangeDocument } from '../generated/graphql';
import { toRangeInput, type RangeSelection } from '../lib/range';

/** Kaleyra's statuses that occur in the range, most frequent first. */
export function useCallStatuses(range: RangeSelection) {
  const { data, previousData } = useQuery(CallStatusesForRangeDocument, {
    variables: { range: toRangeInput(range) },
  });
  return (data ?? previousData)?.dashboardOverview.statusBreakdown ?? [];
}
