import { useQuery } from '@apollo/client/react';
import { MissedCallerWorklistDocument } from '../generated/graphql';
import { toRangeInput, type RangeSelection } from '../lib/range';

export const MISSED_CALLERS_PER_PAGE = 25;

/**
 * The missed-caller worklist of a range: a page of open episodes and a page of recovered ones,
 * each newest first, in one request. `refetch` reloads both (a call-back was answered).
 */
export function useMissedCallers(range: RangeSelection, openPage: number, recoveredPage: number) {
  const { data, previousData, loading, error, refetch } = useQuery(MissedCallerWorklistDocument, {
    variables: {
      range: toRangeInput(range),
      openPage,
      recoveredPage,
      limit: MISSED_CALLERS_PER_PAGE,
    },
  });
  const shown = data ?? previousData;
  return {
    open: shown?.open,
    recovered: shown?.recovered,
    loading,
    error,
    refetch: () => void refetch().catch(() => undefined),
  };
}
