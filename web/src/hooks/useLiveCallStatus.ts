import { useSubscription } from '@apollo/client/react';
import { LiveCallStatusDocument } from '../generated/graphql';
import { pushLiveEvent } from '../lib/live-feed';

/**
 * The page's one subscription to callStatusChanged, held for as long as the user is signed in.
 * Each event's ivrCall lands in the cache by itself; the event goes to the live feed.
 */
export function useLiveCallStatus() {
  const { error } = useSubscription(LiveCallStatusDocument, {
    onData: ({ data }) => {
      if (data.data) pushLiveEvent(data.data.callStatusChanged);
    },
  });
  return { error };
}
