import { InMemoryCache } from '@apollo/client';

/**
 * Identity for the types the cache normalises, written once. Types with an `id` (CallLog,
 * IvrCall, CustomerCall) need nothing: a customer call opened from a page of customerCalls and
 * the same call read by customerCall(id) are one CustomerCall:<id>, and its legs are the same
 * CallLog:<id> objects the leg list shows. DashboardOverview has no id: its figures are a function
 * of the range the server resolved, so the resolved IST days are its identity (every query on it
 * asks for range { startDate endDate }). Two views asking for different parts of the same range's
 * overview then share one object: the second view is served from the cache, and neither
 * overwrites the other. ServiceLevel is a function of its range and its two thresholds, which
 * every query on it asks for (fragment ServiceLevelFigures). RecoverySummary is a function of its
 * range and withinHours, CallerSummary of its range; the heatmap cells and breakdown rows have no
 * identity and stay in their root field, which Apollo keys by its arguments. MissedCaller has no
 * id either (an episode is a number and its first missed call): its pages stay whole. Types that are parts of one answer
 * (CustomerCallDay, OutcomeCount, StatusCount, the pages) stay inside their parent.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      DashboardOverview: { keyFields: ['range', ['startDate', 'endDate']] },
      ServiceLevel: {
        keyFields: [
          'range',
          ['startDate', 'endDate'],
          'answerWithinSeconds',
          'shortAbandonSeconds',
        ],
      },
      RecoverySummary: { keyFields: ['range', ['startDate', 'endDate'], 'withinHours'] },
      CallerSummary: { keyFields: ['range', ['startDate', 'endDate']] },
      Agent: { keyFields: ['agentNumber'] },
      // One per server: whichever query reads it, there is one last sync.
      SyncStatus: { keyFields: [] },
      // An event is a message, not a thing: its ivrCall is what gets normalised.
      CallStatusEvent: { keyFields: false },
    },
  });
}
