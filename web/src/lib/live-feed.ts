import { useSyncExternalStore } from 'react';
import type { LiveCallStatusSubscription } from '../generated/graphql';

/**
 * The events heard since the page opened, newest first. Events are not query results (they have
 * no identity and no query returns them), so they are kept here, not in the Apollo cache; the
 * call each one carries (ivrCall) does go to the cache, as IvrCall:<id>.
 */
export type LiveEvent = LiveCallStatusSubscription['callStatusChanged'] & { seq: number };

const MAX_EVENTS = 200;
let events: readonly LiveEvent[] = [];
let seq = 0;
const listeners = new Set<() => void>();

export function pushLiveEvent(event: LiveCallStatusSubscription['callStatusChanged']): void {
  events = [{ ...event, seq: ++seq }, ...events].slice(0, MAX_EVENTS);
  listeners.forEach((l) => l());
}

export function useLiveEvents(): readonly LiveEvent[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => events,
  );
}
