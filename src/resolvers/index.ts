import { AgentResolver, AgentStatsResolver } from './agent.resolver';
import { CallListResolver } from './call-list.resolver';
import { DashboardPartsResolver, DashboardResolver } from './dashboard.resolver';

export const resolvers = [
  DashboardResolver,
  DashboardPartsResolver,
  CallListResolver,
  AgentResolver,
  AgentStatsResolver,
] as const;
