import type { CallStatusEventJson } from '../../src/datasources/database/ivr-call.rows';
import { ALL_CALLS, Topic, type AppPubSub } from '../../src/subscriptions/pubsub';

/** Collects what a PubSub publishes to all-calls subscribers, as a feed's readers would get it. */
export function collectEvents(pubSub: AppPubSub) {
  const got: CallStatusEventJson[] = [];
  const sub = pubSub.subscribe(Topic.CALL_STATUS_CHANGED, ALL_CALLS);
  void (async () => {
    for await (const e of sub) got.push(e);
  })();
  return {
    got,
    /** Resolves once `n` events have arrived (fails after timeoutMs). */
    async waitFor(n: number, timeoutMs = 5_000) {
      for (let waited = 0; got.length < n; waited += 20) {
        if (waited > timeoutMs) throw new Error(`got ${got.length} of ${n} events`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return got;
    },
    stop: () => sub.return?.(undefined),
  };
}
