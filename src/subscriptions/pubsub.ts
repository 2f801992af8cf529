import { createPubSub } from '@graphql-yoga/subscription';
import type { CallStatusEventJson } from '../datasources/database/ivr-call.rows';

export enum Topic {
  CALL_STATUS_CHANGED = 'CALL_STATUS_CHANGED',
}

/** Every event is published under '*' and under its caller's and receiver's numbers. */
export const ALL_CALLS = '*';

export const createAppPubSub = () =>
  createPubSub<{ [Topic.CALL_STATUS_CHANGED]: [number: string, event: CallStatusEventJson] }>();

export type AppPubSub = ReturnType<typeof createAppPubSub>;

/** Publishes to this process's subscribers: those watching all calls, the caller, or the receiver. */
export function publishCallStatus(pubSub: AppPubSub, event: CallStatusEventJson): void {
  const ids = new Set([ALL_CALLS, event.caller, event.receiver].filter((n) => n));
  for (const id of ids) pubSub.publish(Topic.CALL_STATUS_CHANGED, id, event);
}
