import { useSyncExternalStore } from 'react';

/**
 * The live connection (graphql-ws) as the page shows it: `connecting` before the first
 * acknowledgement, `live`, then `reconnecting` after a loss until the socket is back.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

let state: ConnectionState = 'connecting';
const listeners = new Set<() => void>();

export function setConnectionState(next: ConnectionState): void {
  if (next === state) return;
  state = next;
  listeners.forEach((l) => l());
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
