import { useMutation } from '@apollo/client/react';
import { SyncNowDocument, type SyncCallLogsInput } from '../generated/graphql';

/**
 * Runs syncCallLogs (admin) and then fetches every query on the page again, since any of their
 * figures may have changed.
 */
export function useSyncNow() {
  const [run, { data, loading, error, reset }] = useMutation(SyncNowDocument, {
    refetchQueries: 'active',
  });
  return {
    sync: (input: SyncCallLogsInput) => run({ variables: { input } }).catch(() => undefined),
    result: data?.syncCallLogs,
    running: loading,
    error,
    reset,
  };
}
