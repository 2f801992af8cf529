/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type BreakdownDimension =
  /** The Incoming leg's callto (the DID dialled). */
  | 'DID'
  /** The Incoming leg's location (telecom circle). */
  | 'LOCATION'
  /** The Incoming leg's provider (carrier). */
  | 'PROVIDER';

export type CallListFilter = {
  /** A leg's callto for CallForward legs, callfrom for Click2Call legs. */
  agentNumber?: string | null | undefined;
  service?: CallService | null | undefined;
  status?: string | null | undefined;
};

/** ANSWERED: some linked CallForward leg has status ANSWER. Else NOT_FORWARDED when no leg is linked; else CALLER_HUNG_UP when the latest leg (latest start_time, then greatest id) has status CANCEL; else NO_ANSWER. */
export type CallOutcome =
  | 'ANSWERED'
  /** Not answered, and the caller hung up while an agent's phone rang (last leg CANCEL). */
  | 'CALLER_HUNG_UP'
  /** No agent was tried: the caller left in the IVR, or the IVR did not forward. */
  | 'NOT_FORWARDED'
  /** Not answered by any agent tried. */
  | 'NO_ANSWER';

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

export type CustomerCallFilter = {
  /** Calls answered by this agent (implies outcome ANSWERED). */
  answeredBy?: string | null | undefined;
  /** Calls from this number (normalised like ClickToCallInput: +91 / 91 / 0 prefixes, spaces and dashes are ignored; a number that is not 10 digits then is refused). */
  customerNumber?: string | null | undefined;
  outcome?: CallOutcome | null | undefined;
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

export type OutboundCallInput = {
  campaign?: string | null | undefined;
  customerNumber: string;
  /** Kaleyra sound file (123.sound) or IVR (ivr:1234). */
  play: string;
};

export type RangePreset =
  /** startDate..endDate inclusive; both required. */
  | 'CUSTOM'
  /** Today and the 6 IST days before it (7 days). */
  | 'LAST_7_DAYS'
  /** Today and the 29 IST days before it (30 days). */
  | 'LAST_30_DAYS'
  /** The IST calendar day that contains now. */
  | 'TODAY';

export type RecoveryKind =
  /** An agent called the customer and the call was answered. */
  | 'CALLED_BACK'
  /** The customer called again and an agent answered. */
  | 'CALLER_CALLED_AGAIN';

export type RecoveryState =
  | 'OPEN'
  | 'RECOVERED';

/** fromDate..toDate inclusive IST days; both default to today. */
export type SyncCallLogsInput = {
  /** Re-fetch days that an earlier sync completed after they had closed (normally skipped). Pages identical to the ones last written are still not rewritten. */
  force?: boolean | null | undefined;
  fromDate?: string | null | undefined;
  toDate?: string | null | undefined;
};

export type UpsertAgentInput = {
  active?: boolean;
  /** 10-digit mobile number; +91 / 91 / 0 prefixes are normalised away. */
  agentNumber: string;
  name: string;
};

export type AgentsQueryVariables = Exact<{
  activeOnly?: boolean;
}>;


export type AgentsQuery = { agents: Array<{ agentNumber: string, name: string, active: boolean }> };

export type UpsertAgentMutationVariables = Exact<{
  input: UpsertAgentInput;
}>;


export type UpsertAgentMutation = { upsertAgent: { agentNumber: string, name: string, active: boolean, createdAt: string, updatedAt: string } };

export type SyncStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type SyncStatusQuery = { syncStatus: { lastCompletedAt: string | null, lastCompletedDay: string | null } };

export type SyncCallLogsMutationVariables = Exact<{
  input?: SyncCallLogsInput | null | undefined;
}>;


export type SyncCallLogsMutation = { syncCallLogs: { fromDate: string, toDate: string, fetched: number, upserted: number } };

export type CustomerCallFieldsFragment = { id: string, customerNumber: string, did: string, startTime: string, endTime: string | null, outcome: CallOutcome, answeredBy: string | null, answeredByName: string | null, answeredAt: string | null, secondsToAnswer: number | null, talkSeconds: number | null, agentsTried: number, recordingUrl: string | null, location: string | null, provider: string | null };

export type CustomerCallsQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  filter?: CustomerCallFilter | null | undefined;
  page?: number;
  limit?: number;
}>;


export type CustomerCallsQuery = { customerCalls: { totalCount: number, page: number, limit: number, hasNextPage: boolean, items: Array<{ id: string, customerNumber: string, did: string, startTime: string, endTime: string | null, outcome: CallOutcome, answeredBy: string | null, answeredByName: string | null, answeredAt: string | null, secondsToAnswer: number | null, talkSeconds: number | null, agentsTried: number, recordingUrl: string | null, location: string | null, provider: string | null }> } };

export type CustomerCallsWithLegsQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  page?: number;
  limit?: number;
}>;


export type CustomerCallsWithLegsQuery = { customerCalls: { totalCount: number, items: Array<{ id: string, customerNumber: string, legs: Array<{ id: string, service: CallService, callFrom: string, callTo: string, agentNumber: string | null, agentName: string | null, status: string }> }> } };

export type CustomerCallQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerCallQuery = { customerCall: { id: string, customerNumber: string, did: string, startTime: string, endTime: string | null, outcome: CallOutcome, answeredBy: string | null, answeredByName: string | null, answeredAt: string | null, secondsToAnswer: number | null, talkSeconds: number | null, agentsTried: number, recordingUrl: string | null, location: string | null, provider: string | null, legs: Array<{ id: string, service: CallService, callFrom: string, callTo: string, startTime: string, status: string, agentName: string | null }> } | null };

export type ServiceLevelQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  answerWithinSeconds?: number;
  shortAbandonSeconds?: number;
}>;


export type ServiceLevelQuery = { serviceLevel: { answerWithinSeconds: number, shortAbandonSeconds: number, offered: number, answered: number, answeredWithin: number, missed: number, shortAbandoned: number, serviceLevelPercent: number | null, answerRatePercent: number | null, averageSecondsToAnswer: number | null, averageTalkSeconds: number | null, unlinkedForwardLegs: number, formula: string, range: { startDate: string, endDate: string }, byOutcome: Array<{ outcome: CallOutcome, count: number }> } };

export type OverviewWithServiceLevelQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  answerWithinSeconds?: number;
  shortAbandonSeconds?: number;
}>;


export type OverviewWithServiceLevelQuery = { dashboardOverview: { callVolume: { total: number }, agentStats: Array<{ agentNumber: string, agentName: string | null, callsAnswered: number, totalTalkSeconds: number, missedCalls: number, offered: number, answerRatePercent: number | null, averageTalkSeconds: number | null, missedCallsLost: number }>, serviceLevel: { offered: number, answered: number, answeredWithin: number, serviceLevelPercent: number | null, unlinkedForwardLegs: number } } };

export type AgentStatsV2QueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type AgentStatsV2Query = { agentStats: Array<{ agentNumber: string, callsAnswered: number, totalTalkSeconds: number, missedCalls: number, offered: number, answerRatePercent: number | null, averageTalkSeconds: number | null, missedCallsLost: number }> };

export type CustomerCallsByDayQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type CustomerCallsByDayQuery = { customerCallsByDay: Array<{ date: string, offered: number, answered: number, missed: number, notForwarded: number, callerHungUp: number, noAnswer: number }> };

export type OverviewCustomerCallsByDayQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type OverviewCustomerCallsByDayQuery = { dashboardOverview: { customerCallsByDay: Array<{ date: string, offered: number, answered: number, missed: number, notForwarded: number, callerHungUp: number, noAnswer: number }> } };

export type DashboardOverviewQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type DashboardOverviewQuery = { dashboardOverview: { range: { start: string, end: string, startDate: string, endDate: string }, callVolume: { total: number, incoming: number, forwarded: number, click2call: number }, agentStats: Array<{ agentNumber: string, agentName: string | null, callsAnswered: number, totalTalkSeconds: number, missedCalls: number, offered: number, answerRatePercent: number | null, averageTalkSeconds: number | null, missedCallsLost: number }>, dailyVolume: Array<{ date: string, incoming: number, forwarded: number }>, statusBreakdown: Array<{ status: string, count: number }> } };

export type AgentStatsQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type AgentStatsQuery = { agentStats: Array<{ agentNumber: string, agentName: string | null, callsAnswered: number, totalTalkSeconds: number, missedCalls: number, offered: number, answerRatePercent: number | null, averageTalkSeconds: number | null, missedCallsLost: number }> };

export type DailyVolumeQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type DailyVolumeQuery = { dailyVolume: Array<{ date: string, incoming: number, forwarded: number }> };

export type StatusBreakdownQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type StatusBreakdownQuery = { statusBreakdown: Array<{ status: string, count: number }> };

export type CallListQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  filter?: CallListFilter | null | undefined;
  page?: number;
  limit?: number;
}>;


export type CallListQuery = { callList: { totalCount: number, page: number, limit: number, hasNextPage: boolean, items: Array<{ id: string, uniqid: string | null, callFrom: string, callTo: string, startTime: string, endTime: string | null, duration: number | null, billsec: number | null, status: string, location: string | null, provider: string | null, service: CallService, serviceName: string, callerId: string | null, recordingUrl: string | null, syncedAt: string | null, agentNumber: string | null, agentName: string | null }> } };

export type ClickToCallMutationVariables = Exact<{
  input: ClickToCallInput;
}>;


export type ClickToCallMutation = { clickToCall: { id: string, kaleyraCallId: string | null, kind: string, customerNumber: string, agentNumber: string | null, agentName: string | null, status: IvrCallStatus, kaleyraStatus: string | null, failureReason: string | null, createdAt: string, updatedAt: string } };

export type OutboundCallMutationVariables = Exact<{
  input: OutboundCallInput;
}>;


export type OutboundCallMutation = { outboundCall: { id: string, kaleyraCallId: string | null, kind: string, customerNumber: string, status: IvrCallStatus, failureReason: string | null } };

export type IvrCallQueryVariables = Exact<{
  id: string | number;
}>;


export type IvrCallQuery = { ivrCall: { id: string, kaleyraCallId: string | null, status: IvrCallStatus, kaleyraStatus: string | null, duration: number | null, billsec: number | null, recordingUrl: string | null, startTime: string | null, endTime: string | null } | null };

export type CallStatusChangedSubscriptionVariables = Exact<{
  agentNumber?: string | null | undefined;
  customerNumber?: string | null | undefined;
}>;


export type CallStatusChangedSubscription = { callStatusChanged: { ivrCallId: string | null, kaleyraCallId: string | null, caller: string, receiver: string, agentName: string | null, status: IvrCallStatus, kaleyraStatus: string, duration: number | null, billsec: number | null, startTime: string | null, endTime: string | null, recordingUrl: string | null, receivedAt: string } };

export type CallStatusChangedWithCallSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CallStatusChangedWithCallSubscription = { callStatusChanged: { ivrCallId: string | null, status: IvrCallStatus, ivrCall: { id: string, status: IvrCallStatus, kaleyraStatus: string | null, customerNumber: string, agentNumber: string | null, billsec: number | null, updatedAt: string } | null } };

export type MissedCallersQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  state?: RecoveryState | null | undefined;
  page?: number;
  limit?: number;
}>;


export type MissedCallersQuery = { missedCallers: { totalCount: number, page: number, limit: number, hasNextPage: boolean, items: Array<{ customerNumber: string, missedCalls: number, firstMissedAt: string, lastMissedAt: string, state: RecoveryState, recoveredAt: string | null, recoveredBy: RecoveryKind | null, recoveredByAgent: string | null, recoveredByAgentName: string | null, secondsToRecovery: number | null }> } };

export type RecoverySummaryQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  withinHours?: number;
}>;


export type RecoverySummaryQuery = { recoverySummary: { withinHours: number, episodes: number, recovered: number, recoveredWithin: number, open: number, recoveryRatePercent: number | null, medianSecondsToRecovery: number | null, range: { startDate: string, endDate: string } } };

export type CallHeatmapQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type CallHeatmapQuery = { callHeatmap: Array<{ weekday: number, hour: number, offered: number, answered: number }> };

export type CallBreakdownQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
  by: BreakdownDimension;
}>;


export type CallBreakdownQuery = { callBreakdown: Array<{ key: string, offered: number, answered: number, answerRatePercent: number | null }> };

export type CallerSummaryQueryVariables = Exact<{
  range?: DateRangeInput | null | undefined;
}>;


export type CallerSummaryQuery = { callerSummary: { uniqueCallers: number, newCallers: number, repeatCallers: number, range: { startDate: string, endDate: string } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { agents: Array<{ agentNumber: string }> };

export type SyncTodayMutationVariables = Exact<{ [key: string]: never; }>;


export type SyncTodayMutation = { syncCallLogs: { fetched: number } };

export const CustomerCallFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerCallFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"did"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"answeredBy"}},{"kind":"Field","name":{"kind":"Name","value":"answeredByName"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"secondsToAnswer"}},{"kind":"Field","name":{"kind":"Name","value":"talkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"agentsTried"}},{"kind":"Field","name":{"kind":"Name","value":"recordingUrl"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}}]}}]} as unknown as DocumentNode<CustomerCallFieldsFragment, unknown>;
export const AgentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Agents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"activeOnly"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"activeOnly"},"value":{"kind":"Variable","name":{"kind":"Name","value":"activeOnly"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}}]}}]} as unknown as DocumentNode<AgentsQuery, AgentsQueryVariables>;
export const UpsertAgentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpsertAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertAgentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upsertAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<UpsertAgentMutation, UpsertAgentMutationVariables>;
export const SyncStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SyncStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastCompletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastCompletedDay"}}]}}]}}]} as unknown as DocumentNode<SyncStatusQuery, SyncStatusQueryVariables>;
export const SyncCallLogsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SyncCallLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SyncCallLogsInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncCallLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromDate"}},{"kind":"Field","name":{"kind":"Name","value":"toDate"}},{"kind":"Field","name":{"kind":"Name","value":"fetched"}},{"kind":"Field","name":{"kind":"Name","value":"upserted"}}]}}]}}]} as unknown as DocumentNode<SyncCallLogsMutation, SyncCallLogsMutationVariables>;
export const CustomerCallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerCalls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerCallFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"1"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerCalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerCallFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerCallFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"did"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"answeredBy"}},{"kind":"Field","name":{"kind":"Name","value":"answeredByName"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"secondsToAnswer"}},{"kind":"Field","name":{"kind":"Name","value":"talkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"agentsTried"}},{"kind":"Field","name":{"kind":"Name","value":"recordingUrl"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}}]}}]} as unknown as DocumentNode<CustomerCallsQuery, CustomerCallsQueryVariables>;
export const CustomerCallsWithLegsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerCallsWithLegs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"1"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerCalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"legs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"callFrom"}},{"kind":"Field","name":{"kind":"Name","value":"callTo"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerCallsWithLegsQuery, CustomerCallsWithLegsQueryVariables>;
export const CustomerCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerCallFields"}},{"kind":"Field","name":{"kind":"Name","value":"legs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"callFrom"}},{"kind":"Field","name":{"kind":"Name","value":"callTo"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerCallFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"did"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"answeredBy"}},{"kind":"Field","name":{"kind":"Name","value":"answeredByName"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}},{"kind":"Field","name":{"kind":"Name","value":"secondsToAnswer"}},{"kind":"Field","name":{"kind":"Name","value":"talkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"agentsTried"}},{"kind":"Field","name":{"kind":"Name","value":"recordingUrl"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}}]}}]} as unknown as DocumentNode<CustomerCallQuery, CustomerCallQueryVariables>;
export const ServiceLevelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceLevel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"answerWithinSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"shortAbandonSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceLevel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"answerWithinSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"answerWithinSeconds"}}},{"kind":"Argument","name":{"kind":"Name","value":"shortAbandonSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"shortAbandonSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"answerWithinSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"shortAbandonSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answered"}},{"kind":"Field","name":{"kind":"Name","value":"answeredWithin"}},{"kind":"Field","name":{"kind":"Name","value":"missed"}},{"kind":"Field","name":{"kind":"Name","value":"shortAbandoned"}},{"kind":"Field","name":{"kind":"Name","value":"serviceLevelPercent"}},{"kind":"Field","name":{"kind":"Name","value":"answerRatePercent"}},{"kind":"Field","name":{"kind":"Name","value":"averageSecondsToAnswer"}},{"kind":"Field","name":{"kind":"Name","value":"averageTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"byOutcome"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unlinkedForwardLegs"}},{"kind":"Field","name":{"kind":"Name","value":"formula"}}]}}]}}]} as unknown as DocumentNode<ServiceLevelQuery, ServiceLevelQueryVariables>;
export const OverviewWithServiceLevelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OverviewWithServiceLevel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"answerWithinSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"shortAbandonSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboardOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callVolume"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agentStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"callsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"totalTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answerRatePercent"}},{"kind":"Field","name":{"kind":"Name","value":"averageTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallsLost"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceLevel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"answerWithinSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"answerWithinSeconds"}}},{"kind":"Argument","name":{"kind":"Name","value":"shortAbandonSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"shortAbandonSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answered"}},{"kind":"Field","name":{"kind":"Name","value":"answeredWithin"}},{"kind":"Field","name":{"kind":"Name","value":"serviceLevelPercent"}},{"kind":"Field","name":{"kind":"Name","value":"unlinkedForwardLegs"}}]}}]}}]}}]} as unknown as DocumentNode<OverviewWithServiceLevelQuery, OverviewWithServiceLevelQueryVariables>;
export const AgentStatsV2Document = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentStatsV2"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"callsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"totalTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answerRatePercent"}},{"kind":"Field","name":{"kind":"Name","value":"averageTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallsLost"}}]}}]}}]} as unknown as DocumentNode<AgentStatsV2Query, AgentStatsV2QueryVariables>;
export const CustomerCallsByDayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerCallsByDay"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerCallsByDay"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answered"}},{"kind":"Field","name":{"kind":"Name","value":"missed"}},{"kind":"Field","name":{"kind":"Name","value":"notForwarded"}},{"kind":"Field","name":{"kind":"Name","value":"callerHungUp"}},{"kind":"Field","name":{"kind":"Name","value":"noAnswer"}}]}}]}}]} as unknown as DocumentNode<CustomerCallsByDayQuery, CustomerCallsByDayQueryVariables>;
export const OverviewCustomerCallsByDayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OverviewCustomerCallsByDay"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboardOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerCallsByDay"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answered"}},{"kind":"Field","name":{"kind":"Name","value":"missed"}},{"kind":"Field","name":{"kind":"Name","value":"notForwarded"}},{"kind":"Field","name":{"kind":"Name","value":"callerHungUp"}},{"kind":"Field","name":{"kind":"Name","value":"noAnswer"}}]}}]}}]}}]} as unknown as DocumentNode<OverviewCustomerCallsByDayQuery, OverviewCustomerCallsByDayQueryVariables>;
export const DashboardOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboardOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"callVolume"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"incoming"}},{"kind":"Field","name":{"kind":"Name","value":"forwarded"}},{"kind":"Field","name":{"kind":"Name","value":"click2call"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agentStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"callsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"totalTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answerRatePercent"}},{"kind":"Field","name":{"kind":"Name","value":"averageTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallsLost"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dailyVolume"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"incoming"}},{"kind":"Field","name":{"kind":"Name","value":"forwarded"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statusBreakdown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardOverviewQuery, DashboardOverviewQueryVariables>;
export const AgentStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"callsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"totalTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answerRatePercent"}},{"kind":"Field","name":{"kind":"Name","value":"averageTalkSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallsLost"}}]}}]}}]} as unknown as DocumentNode<AgentStatsQuery, AgentStatsQueryVariables>;
export const DailyVolumeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DailyVolume"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dailyVolume"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"incoming"}},{"kind":"Field","name":{"kind":"Name","value":"forwarded"}}]}}]}}]} as unknown as DocumentNode<DailyVolumeQuery, DailyVolumeQueryVariables>;
export const StatusBreakdownDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StatusBreakdown"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"statusBreakdown"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]} as unknown as DocumentNode<StatusBreakdownQuery, StatusBreakdownQueryVariables>;
export const CallListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CallListFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"1"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callList"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"uniqid"}},{"kind":"Field","name":{"kind":"Name","value":"callFrom"}},{"kind":"Field","name":{"kind":"Name","value":"callTo"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"duration"}},{"kind":"Field","name":{"kind":"Name","value":"billsec"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"serviceName"}},{"kind":"Field","name":{"kind":"Name","value":"callerId"}},{"kind":"Field","name":{"kind":"Name","value":"recordingUrl"}},{"kind":"Field","name":{"kind":"Name","value":"syncedAt"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}}]}}]}}]}}]} as unknown as DocumentNode<CallListQuery, CallListQueryVariables>;
export const ClickToCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClickToCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ClickToCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clickToCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraCallId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<ClickToCallMutation, ClickToCallMutationVariables>;
export const OutboundCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OutboundCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OutboundCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outboundCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraCallId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]}}]} as unknown as DocumentNode<OutboundCallMutation, OutboundCallMutationVariables>;
export const IvrCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IvrCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ivrCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraCallId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"duration"}},{"kind":"Field","name":{"kind":"Name","value":"billsec"}},{"kind":"Field","name":{"kind":"Name","value":"recordingUrl"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}}]}}]}}]} as unknown as DocumentNode<IvrCallQuery, IvrCallQueryVariables>;
export const CallStatusChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallStatusChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentNumber"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerNumber"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"customerNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ivrCallId"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraCallId"}},{"kind":"Field","name":{"kind":"Name","value":"caller"}},{"kind":"Field","name":{"kind":"Name","value":"receiver"}},{"kind":"Field","name":{"kind":"Name","value":"agentName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"duration"}},{"kind":"Field","name":{"kind":"Name","value":"billsec"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"recordingUrl"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}}]}}]}}]} as unknown as DocumentNode<CallStatusChangedSubscription, CallStatusChangedSubscriptionVariables>;
export const CallStatusChangedWithCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallStatusChangedWithCall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callStatusChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ivrCallId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"ivrCall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"kaleyraStatus"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"billsec"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]}}]} as unknown as DocumentNode<CallStatusChangedWithCallSubscription, CallStatusChangedWithCallSubscriptionVariables>;
export const MissedCallersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MissedCallers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecoveryState"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"1"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"missedCallers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"missedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"firstMissedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastMissedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"recoveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"recoveredBy"}},{"kind":"Field","name":{"kind":"Name","value":"recoveredByAgent"}},{"kind":"Field","name":{"kind":"Name","value":"recoveredByAgentName"}},{"kind":"Field","name":{"kind":"Name","value":"secondsToRecovery"}}]}}]}}]}}]} as unknown as DocumentNode<MissedCallersQuery, MissedCallersQueryVariables>;
export const RecoverySummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecoverySummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withinHours"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"24"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recoverySummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"withinHours"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withinHours"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"withinHours"}},{"kind":"Field","name":{"kind":"Name","value":"episodes"}},{"kind":"Field","name":{"kind":"Name","value":"recovered"}},{"kind":"Field","name":{"kind":"Name","value":"recoveredWithin"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryRatePercent"}},{"kind":"Field","name":{"kind":"Name","value":"medianSecondsToRecovery"}}]}}]}}]} as unknown as DocumentNode<RecoverySummaryQuery, RecoverySummaryQueryVariables>;
export const CallHeatmapDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallHeatmap"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callHeatmap"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"weekday"}},{"kind":"Field","name":{"kind":"Name","value":"hour"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answered"}}]}}]}}]} as unknown as DocumentNode<CallHeatmapQuery, CallHeatmapQueryVariables>;
export const CallBreakdownDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallBreakdown"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"by"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BreakdownDimension"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callBreakdown"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}},{"kind":"Argument","name":{"kind":"Name","value":"by"},"value":{"kind":"Variable","name":{"kind":"Name","value":"by"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"answered"}},{"kind":"Field","name":{"kind":"Name","value":"answerRatePercent"}}]}}]}}]} as unknown as DocumentNode<CallBreakdownQuery, CallBreakdownQueryVariables>;
export const CallerSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallerSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"range"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRangeInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callerSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"range"},"value":{"kind":"Variable","name":{"kind":"Name","value":"range"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"range"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"uniqueCallers"}},{"kind":"Field","name":{"kind":"Name","value":"newCallers"}},{"kind":"Field","name":{"kind":"Name","value":"repeatCallers"}}]}}]}}]} as unknown as DocumentNode<CallerSummaryQuery, CallerSummaryQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentNumber"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const SyncTodayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SyncToday"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncCallLogs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fetched"}}]}}]}}]} as unknown as DocumentNode<SyncTodayMutation, SyncTodayMutationVariables>;