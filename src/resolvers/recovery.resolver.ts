import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context.type';
import type { MissedCallerRow } from '../datasources/database/recovery.rows';
import { resolveRange } from '../domain/date-range';
import { maskNumber, normalizePhone } from '../domain/phone';
import { checkWithinHours } from '../domain/recovery';
import { checkPaging, pageOf } from '../graphql/paging';
import { DateRangeInput } from '../schema/date-range.input';
import { MissedCallerPage } from '../schema/missed-caller-page.type';
import { MissedCaller } from '../schema/missed-caller.type';
import { RecoveryKind, RecoveryState } from '../schema/recovery.enums';
import { RecoverySummary } from '../schema/recovery-summary.type';

export function toMissedCaller(row: MissedCallerRow): MissedCaller {
  return {
    customerNumber: row.customerNumber,
    missedCalls: row.missedCalls,
    firstMissedAt: row.firstMissedAt,
    lastMissedAt: row.lastMissedAt,
    state: row.recoveredAt ? RecoveryState.RECOVERED : RecoveryState.OPEN,
    recoveredAt: row.recoveredAt,
    recoveredBy: row.recoveredBy as RecoveryKind | null,
    recoveredByAgent: row.recoveredByAgent,
    secondsToRecovery: row.secondsToRecovery,
  };
}

@Resolver(() => MissedCaller)
export class RecoveryResolver {
  @Authorized()
  @Query(() => MissedCallerPage, {
    description:
      'Recovery episodes whose first missed call falls in the range, firstMissedAt desc then ' +
      'customerNumber asc. limit 1..200.',
  })
  async missedCallers(
    @Arg('range', () => DateRangeInput, { nullable: true }) rangeInput: DateRangeInput | null,
    @Arg('state', () => RecoveryState, { nullable: true }) state: RecoveryState | null,
    @Arg('page', () => Int, { defaultValue: 1 }) page: number,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: Context,
  ): Promise<MissedCallerPage> {
    checkPaging(page, limit);
    const range = resolveRange(rangeInput, ctx.now());
    const db = ctx.dataSources.db;
    const [rows, totalCount] = await Promise.all([
      db.missedCallers(range, state ?? null, limit, (page - 1) * limit),
      db.missedCallerCount(range, state ?? null),
    ]);
    return pageOf(rows.map(toMissedCaller), totalCount, page, limit);
  }

  @Authorized()
  @Query(() => RecoverySummary, { description: 'withinHours 1..720.' })
  async recoverySummary(
    @Arg('range', () => DateRangeInput, { nullable: true }) rangeInput: DateRangeInput | null,
    @Arg('withinHours', () => Int, { defaultValue: 24 }) withinHours: number,
    @Ctx() ctx: Context,
  ): Promise<RecoverySummary> {
    checkWithinHours(withinHours);
    const range = resolveRange(rangeInput, ctx.now());
    const row = await ctx.dataSources.db.recoverySummary(range, withinHours);
    return { range, withinHours, ...row };
  }

  // The customer's number is personal data (MASK_NUMBERS_FOR).
  @FieldResolver(() => String)
  customerNumber(@Root() caller: MissedCaller, @Ctx() ctx: Context): string {
    return ctx.maskNumbers ? maskNumber(caller.customerNumber) : caller.customerNumber;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "recoveredByAgent's name, when the agents table knows the number.",
  })
  async recoveredByAgentName(
    @Root() caller: MissedCaller,
    @Ctx() ctx: Context,
  ): Promise<string | null> {
    const agent = caller.recoveredByAgent ? normalizePhone(caller.recoveredByAgent) : null;
    if (!agent) return null;
    return (await ctx.loaders.agentByNumber.load(agent))?.name ?? null;
  }
}
