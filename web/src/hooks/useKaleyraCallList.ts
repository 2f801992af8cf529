import { useQuery } from '@apollo/client/react';
import { KaleyraCallListDocument, type CallListFilter } from '../generated/graphql';
import { toRangeInput, type RangeSelection } from '../lib/range';

export const CALLS_PER_PAGE = 25;

/** One page (1-based) of call legs, newest first; the previous page stays shown while loading. */
export function useKaleyraCallList(range: RangeSelection, filter: CallListFilter, page: number) {
  const { data, previousData, loading, error } = useQuery(KaleyraCallListDocument, {
    variables: { range: toRangeInput(range), filter, page, limit: CALLS_PER_PAGE },
  });
  return { calls: (data ?? previousData)?.callList, loading, error };
}
