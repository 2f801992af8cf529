import { AgentResolver, AgentStatsResolver } from './agent.resolver';
import { CallListResolver } from './call-list.resolver';
import { DashboardPartsResolver, DashboardResolver } from './dashboard.resolver';
import { SyncResolver } from './sync.resolver';

export const resolvers = [
  DashboardResolver,
  DashboardPartsResolver,
  CallListResolver,
  AgentResolver,
  AgentStatsResolver,
  SyncResolver,
] as const;
