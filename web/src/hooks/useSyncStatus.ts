import { useQuery } from '@apollo/client/react';
import { SyncStatusDocument } from '../generated/graphql';

/** When a sync last completed a day (null before the first one). */
export function useSyncStatus() {
  const { data } = useQuery(SyncStatusDocument);
  return data?.syncStatus ?? null;
}
