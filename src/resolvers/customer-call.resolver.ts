import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context.type';
import type { CustomerCallRow } from '../datasources/database/customer-call.rows';
import { resolveRange } from '../domain/date-range';
import { recordingUrlOf } from '../domain/formats';
import { maskNumber, requirePhone } from '../domain/phone';
import { checkPaging, pageOf } from '../graphql/paging';
import { CallLog } from '../schema/call-log.type';
import { CustomerCallFilter } from '../schema/customer-call-filter.input';
import { CustomerCallPage } from '../schema/customer-call-page.type';
import { CustomerCall } from '../schema/customer-call.type';
import { CallOutcome } from '../schema/call-outcome.enum';
import { DateRangeInput } from '../schema/date-range.input';
import { toCallLog } from './call-list.resolver';

export function toCustomerCall(row: CustomerCallRow): CustomerCall {
  return {
    id: row.id,
    customerNumber: row.customerNumber,
    did: row.did,
    startTime: row.startTime,
    endTime: row.endTime,
    outcome: row.outcome as CallOutcome,
    answeredBy: row.answeredBy,
    answeredAt: row.answeredAt,
    secondsToAnswer: row.secondsToAnswer,
    talkSeconds: row.talkSeconds,
    agentsTried: row.agentsTried,
    location: row.location,
    provider: row.provider,
    answerLegId: row.answerLegId,
  };
}

@Resolver(() => CustomerCall)
export class CustomerCallResolver {
  @Authorized()
  @Query(() => CustomerCallPage, {
    description:
      'Customer calls whose Incoming leg starts in the range, newest first (startTime desc, then id desc). limit 1..200.',
  })
  async customerCalls(
    @Arg('range', () => DateRangeInput, { nullable: true }) rangeInput: DateRangeInput | null,
    @Arg('filter', () => CustomerCallFilter, { nullable: true })
    filterInput: CustomerCallFilter | null,
    @Arg('page', () => Int, { defaultValue: 1 }) page: number,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: Context,
  ): Promise<CustomerCallPage> {
    checkPaging(page, limit);
    const range = resolveRange(rangeInput, ctx.now());
    const filter = {
      outcome: filterInput?.outcome ?? null,
      customerNumber: filterInput?.customerNumber
        ? requirePhone('filter.customerNumber', filterInput.customerNumber)
        : null,
      answeredBy: filterInput?.answeredBy
        ? requirePhone('filter.answeredBy', filterInput.answeredBy)
        : null,
    };
    const db = ctx.dataSources.db;
    const [rows, totalCount] = await Promise.all([
      db.customerCalls(range, filter, limit, (page - 1) * limit),
      db.customerCallCount(range, filter),
    ]);
    return pageOf(rows.map(toCustomerCall), totalCount, page, limit);
  }

  @Authorized()
  @Query(() => CustomerCall, {
    nullable: true,
    description:
      "One customer call by its Incoming leg's id, with every linked leg; null when there is none.",
  })
  async customerCall(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<CustomerCall | null> {
    const row = await ctx.dataSources.db.customerCallById(id);
    return row ? toCustomerCall(row) : null;
  }

  // The customer's number is personal data (MASK_NUMBERS_FOR); legs are masked as CallLog is.
  @FieldResolver(() => String)
  customerNumber(@Root() call: CustomerCall, @Ctx() ctx: Context): string {
    return ctx.maskNumbers ? maskNumber(call.customerNumber) : call.customerNumber;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The answering agent's name, when the agents table knows the number.",
  })
  async answeredByName(@Root() call: CustomerCall, @Ctx() ctx: Context): Promise<string | null> {
    if (!call.answeredBy) return null;
    return (await ctx.loaders.agentByNumber.load(call.answeredBy))?.name ?? null;
  }

  @FieldResolver(() => [CallLog], {
    description: 'The Incoming leg first, then the linked CallForward legs by start_time, then id.',
  })
  async legs(@Root() call: CustomerCall, @Ctx() ctx: Context): Promise<CallLog[]> {
    return (await ctx.loaders.legsByCustomerCallId.load(call.id)).map(toCallLog);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The answering leg's recording, if any (absolute https URL).",
  })
  async recordingUrl(@Root() call: CustomerCall, @Ctx() ctx: Context): Promise<string | null> {
    if (!call.answerLegId) return null;
    const legs = await ctx.loaders.legsByCustomerCallId.load(call.id);
    return recordingUrlOf(legs.find((l) => l.id === call.answerLegId)?.recording);
  }
}
