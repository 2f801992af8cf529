import { Arg, Authorized, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../context/context.type';
import type { CallStatusEventJson, IvrCallRow } from '../datasources/database/ivr-call.rows';
import { maskNumber, normalizePhone } from '../domain/phone';
import { badInput } from '../errors/bad-input';
import { toGraphQLError } from '../errors/graphql-error';
import { CallStatusEvent } from '../schema/call-status-event.type';
import { IvrCall } from '../schema/ivr-call.type';
import { IvrCallStatus } from '../schema/ivr-call-status.enum';
import { ALL_CALLS, Topic } from '../subscriptions/pubsub';

interface Args {
  agentNumber?: string | null;
  customerNumber?: string | null;
}

function number(name: string, raw: string | null | undefined): string | null {
  if (raw == null || raw === '') return null;
  const n = normalizePhone(raw);
  // Thrown at subscribe time, so it is a GraphQLError that carries its own code.
  if (!n) throw toGraphQLError(badInput(name, `"${raw}" is not a 10-digit Indian mobile number`));
  return n;
}

const involves = (e: CallStatusEventJson, n: string | null) =>
  n === null || e.caller === n || e.receiver === n;

export function toCallStatusEvent(e: CallStatusEventJson): CallStatusEvent {
  const at = (v: string | null) => (v ? new Date(v) : null);
  return {
    ivrCallId: e.ivrCallId,
    kaleyraCallId: e.kaleyraCallId,
    caller: e.caller,
    receiver: e.receiver,
    agentName: e.agentName ?? null,
    status: e.status as IvrCallStatus,
    kaleyraStatus: e.kaleyraStatus,
    duration: e.duration,
    billsec: e.billsec,
    startTime: at(e.startTime),
    endTime: at(e.endTime),
    recordingUrl: e.recordingUrl,
    receivedAt: new Date(e.receivedAt),
  };
}

@Resolver(() => CallStatusEvent)
export class CallStatusResolver {
  @Authorized()
  @Subscription(() => CallStatusEvent, {
    description: 'All events, or only those whose caller or receiver is the given number.',
    topics: Topic.CALL_STATUS_CHANGED,
    // Events are published under '*' and under both numbers: a filtered subscriber only wakes for its own.
    topicId: ({ args }: { args: Args }) =>
      number('agentNumber', args.agentNumber) ??
      number('customerNumber', args.customerNumber) ??
      ALL_CALLS,
    filter: ({ payload, args }: { payload: CallStatusEventJson; args: Args }) =>
      involves(payload, number('agentNumber', args.agentNumber)) &&
      involves(payload, number('customerNumber', args.customerNumber)),
  })
  callStatusChanged(
    @Root() event: CallStatusEventJson,
    @Arg('agentNumber', () => String, { nullable: true }) _agentNumber: string | null,
    @Arg('customerNumber', () => String, { nullable: true }) _customerNumber: string | null,
  ): CallStatusEvent {
    // The event carries everything: no loader (its cache would outlive the subscription's events).
    return toCallStatusEvent(event);
  }

  @FieldResolver(() => IvrCall, {
    nullable: true,
    description:
      'The call as stored now (so a normalising client cache updates IvrCall:<id> by itself); null when the event names no call.',
  })
  ivrCall(@Root() event: CallStatusEvent, @Ctx() ctx: Context): Promise<IvrCallRow | null> | null {
    return event.ivrCallId ? ctx.loaders.ivrCallById.load(event.ivrCallId) : null;
  }

  @FieldResolver(() => String, {
    description: 'Leg 2: the customer (masked for roles in MASK_NUMBERS_FOR).',
  })
  receiver(@Root() event: CallStatusEvent, @Ctx() ctx: Context): string {
    return ctx.maskNumbers ? maskNumber(event.receiver) : event.receiver;
  }
}
