import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context/context.type';
import { resolveRange } from '../domain/date-range';
import { BreakdownRow } from '../schema/breakdown-row.type';
import { CallerSummary } from '../schema/caller-summary.type';
import { DateRangeInput } from '../schema/date-range.input';
import { HeatmapCell } from '../schema/heatmap-cell.type';
import { BreakdownDimension } from '../schema/recovery.enums';

/** Who called and when: callHeatmap, callBreakdown and callerSummary over customer calls. */
@Resolver()
export class CallBreakdownResolver {
  @Authorized()
  @Query(() => [HeatmapCell], {
    description:
      '168 cells: ISO weekday 1 (Monday)..7 x IST hour 0..23, ordered by weekday then hour, zero-filled.',
  })
  async callHeatmap(
    @Arg('range', () => DateRangeInput, { nullable: true }) rangeInput: DateRangeInput | null,
    @Ctx() ctx: Context,
  ): Promise<HeatmapCell[]> {
    return ctx.dataSources.db.callHeatmap(resolveRange(rangeInput, ctx.now()));
  }

  @Authorized()
  @Query(() => [BreakdownRow], { description: 'Ordered by offered desc, then key asc.' })
  async callBreakdown(
    @Arg('range', () => DateRangeInput, { nullable: true }) rangeInput: DateRangeInput | null,
    @Arg('by', () => BreakdownDimension) by: BreakdownDimension,
    @Ctx() ctx: Context,
  ): Promise<BreakdownRow[]> {
    return ctx.dataSources.db.callBreakdown(resolveRange(rangeInput, ctx.now()), by);
  }

  @Authorized()
  @Query(() => CallerSummary)
  async callerSummary(
    @Arg('range', () => DateRangeInput, { nullable: true }) rangeInput: DateRangeInput | null,
    @Ctx() ctx: Context,
  ): Promise<CallerSummary> {
    const range = resolveRange(rangeInput, ctx.now());
    return { range, ...(await ctx.dataSources.db.callerSummary(range)) };
  }
}
