import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context.type';
import type { ServiceLevelRow } from '../datasources/database/customer-call.rows';
import { resolveRange, type ResolvedRange } from '../domain/date-range';
import { checkServiceLevelArgs, toServiceLevel } from '../domain/service-level';
import { CALL_OUTCOMES, CallOutcome } from '../schema/call-outcome.enum';
import { DashboardOverview } from '../schema/dashboard-overview.type';
import { DateRangeInput } from '../schema/date-range.input';
import { ServiceLevel } from '../schema/service-level.type';

const COUNT_OF: Record<CallOutcome, (row: ServiceLevelRow) => number> = {
  [CallOutcome.ANSWERED]: (r) => r.answered,
  [CallOutcome.NOT_FORWARDED]: (r) => r.notForwarded,
  [CallOutcome.CALLER_HUNG_UP]: (r) => r.callerHungUp,
  [CallOutcome.NO_ANSWER]: (r) => r.noAnswer,
};

async function serviceLevel(
  ctx: Context,
  range: ResolvedRange,
  answerWithinSeconds: number,
  shortAbandonSeconds: number,
): Promise<ServiceLevel> {
  const row = await ctx.dataSources.db.serviceLevel(
    range,
    answerWithinSeconds,
    shortAbandonSeconds,
  );
  return {
    ...toServiceLevel(row, range, answerWithinSeconds, shortAbandonSeconds),
    byOutcome: CALL_OUTCOMES.map((outcome) => ({ outcome, count: COUNT_OF[outcome](row) })),
  };
}

const answerWithinArg = { defaultValue: 20 } as const;
const shortAbandonArg = { defaultValue: 5 } as const;

@Resolver()
export class ServiceLevelResolver {
  @Authorized()
  @Query(() => ServiceLevel, {
    description: 'answerWithinSeconds 1..3600, shortAbandonSeconds 0..600.',
  })
  serviceLevel(
    @Arg('range', () => DateRangeInput, { nullable: true }) range: DateRangeInput | null,
    @Arg('answerWithinSeconds', () => Int, answerWithinArg) answerWithinSeconds: number,
    @Arg('shortAbandonSeconds', () => Int, shortAbandonArg) shortAbandonSeconds: number,
    @Ctx() ctx: Context,
  ): Promise<ServiceLevel> {
    checkServiceLevelArgs(answerWithinSeconds, shortAbandonSeconds);
    return serviceLevel(
      ctx,
      resolveRange(range, ctx.now()),
      answerWithinSeconds,
      shortAbandonSeconds,
    );
  }
}

/** dashboardOverview.serviceLevel: its arguments are checked by dashboardOverview itself. */
@Resolver(() => DashboardOverview)
export class DashboardServiceLevelResolver {
  @FieldResolver(() => ServiceLevel, {
    description:
      "serviceLevel over the overview's range; answerWithinSeconds 1..3600, shortAbandonSeconds 0..600.",
  })
  serviceLevel(
    @Root() overview: { range: ResolvedRange },
    @Arg('answerWithinSeconds', () => Int, answerWithinArg) answerWithinSeconds: number,
    @Arg('shortAbandonSeconds', () => Int, shortAbandonArg) shortAbandonSeconds: number,
    @Ctx() ctx: Context,
  ): Promise<ServiceLevel> {
    checkServiceLevelArgs(answerWithinSeconds, shortAbandonSeconds);
    return serviceLevel(ctx, overview.range, answerWithinSeconds, shortAbandonSeconds);
  }
}
