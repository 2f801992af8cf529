import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context.type';
import type { CallLogRow } from '../datasources/database/call-log.rows';
import { resolveRange } from '../domain/date-range';
import { recordingUrlOf } from '../domain/formats';
import { maskNumber, requirePhone } from '../domain/phone';
import { checkPaging, pageOf } from '../graphql/paging';
import { CallListFilter } from '../schema/call-list-filter.input';
import { CallListPage } from '../schema/call-list-page.type';
import { CallLog } from '../schema/call-log.type';
import { callServiceOf, kaleyraService } from '../schema/call-service.enum';
import { DateRangeInput } from '../schema/date-range.input';

/** The leg's agent: callto of a CallForward leg, callfrom of a Click2Call leg. */
export function agentNumberOf(
  row: Pick<CallLogRow, 'service' | 'callFrom' | 'callTo'>,
): string | null {
  if (row.service === 'CallForward') return row.callTo;
  if (row.service === 'Click2Call') return row.callFrom;
  return null;
}

export function toCallLog(row: CallLogRow): CallLog {
  return {
    id: row.id,
    uniqid: row.uniqid,
    callFrom: row.callFrom,
    callTo: row.callTo,
    startTime: row.startTime,
    endTime: row.endTime,
    duration: row.duration,
    billsec: row.billsec,
    status: row.status,
    location: row.location,
    provider: row.provider,
    service: callServiceOf(row.service),
    serviceName: row.service,
    callerId: row.callerId,
    recordingUrl: recordingUrlOf(row.recording),
    syncedAt: row.syncedAt,
    agentNumber: agentNumberOf(row),
  };
}

function maskUnlessOurs(call: CallLog, n: string, ctx: Context): string {
  if (!ctx.maskNumbers || n === call.agentNumber || n === call.callerId) return n;
  return maskNumber(n);
}

@Resolver(() => CallLog)
export class CallListResolver {
  @Authorized()
  @Query(() => CallListPage, { description: 'page is 1-based; limit is 1..200.' })
  async callList(
    @Arg('range', () => DateRangeInput, { nullable: true }) rangeInput: DateRangeInput | null,
    @Arg('filter', () => CallListFilter, { nullable: true }) filterInput: CallListFilter | null,
    @Arg('page', () => Int, { defaultValue: 1 }) page: number,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: Context,
  ): Promise<CallListPage> {
    checkPaging(page, limit);
    const range = resolveRange(rangeInput, ctx.now());
    const filter = {
      service: filterInput?.service ? kaleyraService(filterInput.service) : null,
      agentNumber: filterInput?.agentNumber
        ? requirePhone('filter.agentNumber', filterInput.agentNumber)
        : null,
      status: filterInput?.status?.trim() || null,
    };
    const db = ctx.dataSources.db;
    const [rows, totalCount] = await Promise.all([
      db.callList(range, filter, limit, (page - 1) * limit),
      db.callCount(range, filter),
    ]);
    return pageOf(rows.map(toCallLog), totalCount, page, limit);
  }

  // Customer numbers are personal data: roles in MASK_NUMBERS_FOR see them masked. The agent's
  // own number and the DID are not the customer's and stay readable.
  @FieldResolver(() => String)
  callFrom(@Root() call: CallLog, @Ctx() ctx: Context): string {
    return maskUnlessOurs(call, call.callFrom, ctx);
  }

  @FieldResolver(() => String)
  callTo(@Root() call: CallLog, @Ctx() ctx: Context): string {
    return maskUnlessOurs(call, call.callTo, ctx);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The agent's name, when the agents table knows the number.",
  })
  async agentName(@Root() call: CallLog, @Ctx() ctx: Context): Promise<string | null> {
    if (!call.agentNumber) return null;
    return (await ctx.loaders.agentByNumber.load(call.agentNumber))?.name ?? null;
  }
}
