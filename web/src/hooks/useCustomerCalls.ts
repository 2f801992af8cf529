import { useQuery } from '@apollo/client/react';
import { CustomerCallsDocument, type CustomerCallFilter } from '../generated/graphql';
import { toRangeInput, type RangeSelection } from '../lib/range';

export const CUSTOMER_CALLS_PER_PAGE = 25;

/**
 * One page (1-based) of customer calls, newest first; the previous page stays shown while the
 * next one loads. Each call is normalised as CustomerCall:<id>, so an opened journey
 * (useCustomerCall) and the row share one object.
 */
export function useCustomerCalls(range: RangeSelection, filter: CustomerCallFilter, page: number) {
  const { data, previousData, loading, error } = useQuery(CustomerCallsDocument, {
    variables: { range: toRangeInput(range), filter, page, limit: CUSTOMER_CALLS_PER_PAGE },
  });
  return { customerCalls: (data ?? previousData)?.customerCalls, loading, error };
}
