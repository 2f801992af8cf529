import { InMemoryCache } from '@apollo/client';

/**
 * Identity for the types the cache normalises, written once. Types with an `id` (CallLog,
 * IvrCall) need nothing. DashboardOverview has no id: its figures are a function of the range
 * the server resolved, so the resolved IST days are its identity (every query on it asks for
 * range { startDate endDate }). Two views asking for different parts of the same range's
 * overview then share one object: the second view is served from the cache, and neither
 * overwrites the other. The same rule gives the v2 types theirs (ServiceLevel: range plus its
 * two thresholds; RecoverySummary: range plus withinHours; CallerSummary: range).
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      DashboardOverview: { keyFields: ['range', ['startDate', 'endDate']] },
      Agent: { keyFields: ['agentNumber'] },
      // One per server: whichever query reads it, there is one last sync.
      SyncStatus: { keyFields: [] },
      // An event is a message, not a thing: its ivrCall is what gets normalised.
      CallStatusEvent: { keyFields: false },
    },
  });
}
