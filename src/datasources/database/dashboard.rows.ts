/** The dashboard's aggregates, as the SQL functions return them (counts per range). */

export interface TimeRange {
  start: Date;
  end: Date;
}

export interface CallVolumeRow {
  total: number;
  incoming: number;
  forwarded: number;
  click2call: number;
}

export interface AgentStatsRow {
  agentNumber: string;
  callsAnswered: number;
  totalTalkSeconds: number;
  missedCalls: number;
}

export interface DailyVolumeRow {
  date: string;
  incoming: number;
  forwarded: number;
}

export interface StatusCountRow {
  status: string;
  count: number;
}

export function toAgentStatsRow(r: {
  agent_number: string;
  calls_answered: number;
  total_talk_seconds: number;
  missed_calls: number;
}): AgentStatsRow {
  return {
    agentNumber: r.agent_number,
    callsAnswered: r.calls_answered,
    totalTalkSeconds: r.total_talk_seconds,
    missedCalls: r.missed_calls,
  };
}
