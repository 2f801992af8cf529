import { AgentResolver, AgentStatsResolver } from './agent.resolver';
import { CallListResolver } from './call-list.resolver';
import { DashboardPartsResolver, DashboardResolver } from './dashboard.resolver';
import { SyncResolver } from './sync.resolver';
import { LiveCallResolver } from './live-call.resolver';
import { CallStatusResolver } from './call-status.resolver';
import { CustomerCallResolver } from './customer-call.resolver';
import { DashboardServiceLevelResolver, ServiceLevelResolver } from './service-level.resolver';
import { RecoveryResolver } from './recovery.resolver';
import { CallBreakdownResolver } from './call-breakdown.resolver';

export const resolvers = [
  DashboardResolver,
  DashboardPartsResolver,
  CallListResolver,
  AgentResolver,
  AgentStatsResolver,
  SyncResolver,
  LiveCallResolver,
  CallStatusResolver,
  CustomerCallResolver,
  ServiceLevelResolver,
  DashboardServiceLevelResolver,
  RecoveryResolver,
  CallBreakdownResolver,
] as const;
