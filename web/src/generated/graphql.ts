/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type CallListFilter = {
  /** A leg's callto for CallForward legs, callfrom for Click2Call legs. */
  agentNumber?: string | null | undefined;
  service?: CallService | null | undefined;
  status?: string | null | undefined;
};

/** Kaleyra's service of a call leg: Incoming (IVR leg), CallForward (one agent leg), Click2Call. */
export type CallService =
  | 'CALL_FORWARD'
  | 'CLICK2CALL'
  | 'INCOMING'
  /** A service Kaleyra reported that is none of the above; see CallLog.serviceName. */
  | 'OTHER';

/** 10-digit Indian mobile numbers; +91 / 91 / 0 prefixes are accepted and normalised away. */
export type ClickToCallInput = {
  /** Defaults to the name in the agents table. */
  agentName?: string | null | undefined;
  agentNumber: string;
  customerNumber: string;
};

export type DateRangeInput = {
  endDate?: string | null | undefined;
  preset?: RangePreset;
  startDate?: string | null | undefined;
};

/** Our own statuses for calls this server started; Kaleyra's raw status is kept beside it. */
export type IvrCallStatus =
  | 'ANSWERED'
  | 'BUSY'
  | 'CANCELLED'
  | 'FAILED'
  | 'INITIATED'
  | 'MISSED';

export type RangePreset =
  /** startDate..endDate inclusive; both required. */
  | 'CUSTOM'
  /** Today and the 6 IST days before it (7 days). */
  | 'LAST_7_DAYS'
  /** Today and the 29 IST days before it (30 days). */
  | 'LAST_30_DAYS'
  /** The IST calendar day that contains now. */
  | 'TODAY';

/** fromDate..toDate inclusive IST days; both default to today. */
export type SyncCallLogsInput = {
  /** Re-fetch days that an earlier sync completed after they had closed (normally skipped). Pages identical to the ones last written are still not rewritten. */
  force?: boolean | null | undefined;
  fromDate?: string | null | undefined;
  toDate?: string | null | undefined;
};

export type SyncStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type SyncStatusQuery = { syncStatus: { __typename: 'SyncStatus', lastCompletedAt: string | null, lastCompletedDay: string | null } };

export type SyncNowMutationVariables = Exact<{
  input?: SyncCallLogsInput | null | undefined;
}>;


export type SyncNowMutation = { syncCallLogs: { __typename: 'SyncResult', fromDate: string, toDate: string, fetched: number, upserted: number, skipped: number, daysSkipped: number, durationMs: number } };

export type AgentStatsRowFragment = { __typename: 'AgentStats', agentNumber: string, agentName: string | null, callsAnswered: number, missedCalls: number, totalTalkSeconds: number };

export type AgentStatsForRangeQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type AgentStatsForRangeQuery = { dashboardOverview: { __typename: 'DashboardOverview', range: { __typename: 'ResolvedRange', startDate: string, endDate: string }, agentStats: Array<{ __typename: 'AgentStats', agentNumber: string, agentName: string | null, callsAnswered: number, missedCalls: number, totalTalkSeconds: number }> } };

export type AgentDirectoryQueryVariables = Exact<{ [key: string]: never; }>;


export type AgentDirectoryQuery = { agents: Array<{ __typename: 'Agent', agentNumber: string, name: string, active: boolean }> };

export type KaleyraCallListQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  filter?: CallListFilter | null | undefined;
  page: number;
  limit: number;
}>;


export type KaleyraCallListQuery = { callList: { __typename: 'CallListPage', totalCount: number, page: number, limit: number, hasNextPage: boolean, items: Array<{ __typename: 'CallLog', id: string, startTime: string, service: CallService, serviceName: string, callFrom: string, callTo: string, agentNumber: string | null, agentName: string | null, status: string, duration: number | null, billsec: number | null, recordingUrl: string | null }> } };

export type CallStatusesForRangeQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type CallStatusesForRangeQuery = { dashboardOverview: { __typename: 'DashboardOverview', range: { __typename: 'ResolvedRange', startDate: string, endDate: string }, statusBreakdown: Array<{ __typename: 'StatusCount', status: string, count: number }> } };

export type CallBackStatusFragment = { __typename: 'IvrCall', id: string, status: IvrCallStatus, kaleyraStatus: string | null, customerNumber: string, agentNumber: string | null, agentName: string | null, failureReason: string | null, updatedAt: string };

export type CallBackMutationVariables = Exact<{
  input: ClickToCallInput;
}>;


export type CallBackMutation = { clickToCall: { __typename: 'IvrCall', id: string, status: IvrCallStatus, kaleyraStatus: string | null, customerNumber: string, agentNumber: string | null, agentName: string | null, failureReason: string | null, updatedAt: string } };

export type LiveCallStatusSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveCallStatusSubscription = { callStatusChanged: { __typename: 'CallStatusEvent', ivrCallId: string | null, kaleyraCallId: string | null, caller: string, receiver: string, agentName: string | null, status: IvrCallStatus, kaleyraStatus: string, billsec: number | null, receivedAt: string, ivrCall: { __typename: 'IvrCall', id: string, status: IvrCallStatus, kaleyraStatus: string | null, customerNumber: string, agentNumber: string | null, agentName: string | null, failureReason: string | null, updatedAt: string } | null } };

export type KaleyraDashboardQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type KaleyraDashboardQuery = { dashboardOverview: { __typename: 'DashboardOverview', range: { __typename: 'ResolvedRange', startDate: string, endDate: string }, callVolume: { __typename: 'CallVolume', total: number, incoming: number, forwarded: number, click2call: number }, dailyVolume: Array<{ __typename: 'DailyVolume', date: string, incoming: number, forwarded: number }>, statusBreakdown: Array<{ __typename: 'StatusCount', status: string, count: number }>, agentStats: Array<{ __typename: 'AgentStats', agentNumber: string, agentName: string | null, callsAnswered: number, missedCalls: number, totalTalkSeconds: number }> } };

export const AgentStatsRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentStatsRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentStats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"callsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"totalTalkSeconds"}}]}}]} as unknown as DocumentNode<AgentStatsRowFragment, unknown>;
export const CallBackStatusFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallBackStatus"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IvrCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CallBackStatusFragment, unknown>;
export const SyncStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SyncStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastCompletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastCompletedDay"}}]}}]}}]} as unknown as DocumentNode<SyncStatusQuery, SyncStatusQueryVariables>;
export const SyncNowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SyncNow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SyncCallLogsInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncCallLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromDate"}},{"kind":"Field","name":{"kind":"Name","value":"toDate"}},{"kind":"Field","name":{"kind":"Name","value":"fetched"}},{"kind":"Field","name":{"kind":"Name","value":"upserted"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"daysSkipped"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}}]}}]}}]} as unknown as DocumentNode<SyncNowMutation, SyncNowMutationVariables>;
export const AgentStatsForRangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentStatsForRange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboardOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agentStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AgentStatsRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentStatsRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentStats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"callsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"totalTalkSeconds"}}]}}]} as unknown as DocumentNode<AgentStatsForRangeQuery, AgentStatsForRangeQueryVariables>;
export const AgentDirectoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentDirectory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"activeOnly"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}}]}}]} as unknown as DocumentNode<AgentDirectoryQuery, AgentDirectoryQueryVariables>;
export const KaleyraCallListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KaleyraCallList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CallListFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callList"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"callFrom"}},{"kind":"Field","name":{"kind":"Name","value":"callTo"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"duration"}},{"kind":"Field","name":{"kind":"Name","value":"billsec"}},{"kind":"Field","name":{"kind":"Name","value":"recordingUrl"}}]}}]}}]}}]} as unknown as DocumentNode<KaleyraCallListQuery, KaleyraCallListQueryVariables>;
export const CallStatusesForRangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallStatusesForRange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboardOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statusBreakdown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<CallStatusesForRangeQuery, CallStatusesForRangeQueryVariables>;
export const CallBackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallBack"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ClickToCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clickToCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallBackStatus"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallBackStatus"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IvrCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CallBackMutation, CallBackMutationVariables>;
export const LiveCallStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveCallStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ivrCallId"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraCallId"}},{"kind":"Field","name":{"kind":"Name","value":"caller"}},{"kind":"Field","name":{"kind":"Name","value":"receiver"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"billsec"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"ivrCall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallBackStatus"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallBackStatus"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IvrCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<LiveCallStatusSubscription, LiveCallStatusSubscriptionVariables>;
export const KaleyraDashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KaleyraDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboardOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"callVolume"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"incoming"}},{"kind":"Field","name":{"kind":"Name","value":"forwarded"}},{"kind":"Field","name":{"kind":"Name","value":"click2call"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dailyVolume"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"incoming"}},{"kind":"Field","name":{"kind":"Name","value":"forwarded"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statusBreakdown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agentStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AgentStatsRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentStatsRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentStats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"callsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"totalTalkSeconds"}}]}}]} as unknown as DocumentNode<KaleyraDashboardQuery, KaleyraDashboardQueryVariables>;