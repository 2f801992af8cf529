import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context.type';
import { resolveRange, type ResolvedRange } from '../domain/date-range';
import { checkServiceLevelArgs } from '../domain/service-level';
import { subfieldArguments } from '../graphql/subfield-arguments';
import { AgentStats } from '../schema/agent-stats.type';
import { CallVolume } from '../schema/call-volume.type';
import { CustomerCallDay } from '../schema/customer-call-day.type';
import { DailyVolume } from '../schema/daily-volume.type';
import { DashboardOverview } from '../schema/dashboard-overview.type';
import { DateRangeInput } from '../schema/date-range.input';
import { StatusCount } from '../schema/status-count.type';

type OverviewSource = { range: ResolvedRange };

const rangeArg = () => DateRangeInput;
const rangeOpts = { nullable: true } as const;

@Resolver(() => DashboardOverview)
export class DashboardResolver {
  @Authorized()
  @Query(() => DashboardOverview)
  dashboardOverview(
    @Arg('range', rangeArg, rangeOpts) range: DateRangeInput | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): OverviewSource {
    // The parts are field resolvers (here and in service-level.resolver.ts): graphql-js runs
    // sibling fields concurrently, and a client asking for one part pays for one query. So the
    // parts' own arguments are checked here, before any part has started a query.
    for (const args of subfieldArguments(info, 'serviceLevel'))
      checkServiceLevelArgs(args.answerWithinSeconds as number, args.shortAbandonSeconds as number);
    return { range: resolveRange(range, ctx.now()) };
  }

  @FieldResolver(() => CallVolume)
  callVolume(@Root() o: OverviewSource, @Ctx() ctx: Context) {
    return ctx.dataSources.db.callVolume(o.range);
  }

  @FieldResolver(() => [AgentStats])
  agentStats(@Root() o: OverviewSource, @Ctx() ctx: Context) {
    return ctx.dataSources.db.agentStats(o.range);
  }

  @FieldResolver(() => [DailyVolume])
  dailyVolume(@Root() o: OverviewSource, @Ctx() ctx: Context) {
    return ctx.dataSources.db.dailyVolume(o.range);
  }

  @FieldResolver(() => [StatusCount])
  statusBreakdown(@Root() o: OverviewSource, @Ctx() ctx: Context) {
    return ctx.dataSources.db.statusBreakdown(o.range);
  }

  @FieldResolver(() => [CustomerCallDay], {
    description: 'Customer calls per IST day of the range, by outcome (see CustomerCall).',
  })
  customerCallsByDay(@Root() o: OverviewSource, @Ctx() ctx: Context) {
    return ctx.dataSources.db.customerCallsByDay(o.range);
  }
}

@Resolver()
export class DashboardPartsResolver {
  @Authorized()
  @Query(() => [AgentStats])
  agentStats(@Arg('range', rangeArg, rangeOpts) range: DateRangeInput | null, @Ctx() ctx: Context) {
    return ctx.dataSources.db.agentStats(resolveRange(range, ctx.now()));
  }

  @Authorized()
  @Query(() => [DailyVolume])
  dailyVolume(
    @Arg('range', rangeArg, rangeOpts) range: DateRangeInput | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.dataSources.db.dailyVolume(resolveRange(range, ctx.now()));
  }

  @Authorized()
  @Query(() => [CustomerCallDay], {
    description: 'Customer calls per IST day of the range, by outcome (see CustomerCall).',
  })
  customerCallsByDay(
    @Arg('range', rangeArg, rangeOpts) range: DateRangeInput | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.dataSources.db.customerCallsByDay(resolveRange(range, ctx.now()));
  }

  @Authorized()
  @Query(() => [StatusCount])
  statusBreakdown(
    @Arg('range', rangeArg, rangeOpts) range: DateRangeInput | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.dataSources.db.statusBreakdown(resolveRange(range, ctx.now()));
  }
}
