import { Field, ObjectType } from 'type-graphql';
import { AgentStats } from './agent-stats.type';
import { CallVolume } from './call-volume.type';
import { DailyVolume } from './daily-volume.type';
import { ResolvedRange } from './resolved-range.type';
import { StatusCount } from './status-count.type';

/** Only the range is stored; each part is a field resolver, so the four run concurrently. */
@ObjectType({ simpleResolvers: true })
export class DashboardOverview {
  @Field(() => ResolvedRange)
  range!: ResolvedRange;

  @Field(() => CallVolume)
  callVolume!: CallVolume;

  @Field(() => [AgentStats])
  agentStats!: AgentStats[];

  @Field(() => [DailyVolume])
  dailyVolume!: DailyVolume[];

  @Field(() => [StatusCount])
  statusBreakdown!: StatusCount[];
}
