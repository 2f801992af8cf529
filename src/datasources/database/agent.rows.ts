/** Agents by number (the agents table). */

import { toDate } from './timestamps';

export interface AgentRow {
  agentNumber: string;
  name: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgentUpsert {
  agentNumber: string;
  name: string;
  active: boolean;
}

export interface DbAgent {
  agent_number: string;
  name: string;
  active: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

export function toAgentRow(r: DbAgent): AgentRow {
  return {
    agentNumber: r.agent_number,
    name: r.name,
    active: r.active,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}
