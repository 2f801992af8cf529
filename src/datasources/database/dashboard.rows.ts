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
  offered: number;
  answerRatePercent: number | null;
  averageTalkSeconds: number | null;
  missedCallsLost: number;
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
  offered: number;
  answer_rate_percent: number | null;
  average_talk_seconds: number | null;
  missed_calls_lost: number;
}): AgentStatsRow {
  return {
    agentNumber: r.agent_number,
    callsAnswered: r.calls_answered,
    totalTalkSeconds: r.total_talk_seconds,
    missedCalls: r.missed_calls,
    offered: r.offered,
    answerRatePercent: r.answer_rate_percent,
    averageTalkSeconds: r.average_talk_seconds,
    missedCallsLost: r.missed_calls_lost,
  };
}
