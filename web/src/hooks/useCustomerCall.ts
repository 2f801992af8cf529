import { useQuery } from '@apollo/client/react';
import { CustomerCallJourneyDocument } from '../generated/graphql';

/** One customer call with its legs (the Incoming leg first, then each agent tried). */
export function useCustomerCall(id: string) {
  const { data, loading, error } = useQuery(CustomerCallJourneyDocument, { variables: { id } });
  return { customerCall: data?.customerCall, loading, error };
}
