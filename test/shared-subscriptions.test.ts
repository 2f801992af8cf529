import { buildSchema, parse } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { SharedSubscriptions } from '../src/subscriptions/shared-subscriptions';

const schema = buildSchema('type Query { x: Int } type Subscription { tick(n: Int): Int }');
let executions = 0;
const pubSub = createPubSub<{ TICK: [{ tick: number }] }>();
const rootValue = { tick: () => pubSub.subscribe('TICK') };
// graphql-js runs the field's resolver once per event per execution: count it to prove sharing.
schema.getSubscriptionType()!.getFields().tick!.resolve = (event: { tick: number }) => {
  executions++;
  return event.tick;
};

const args = (n: number, ctx = {}) => ({
  schema,
  document: parse('subscription ($n: Int) { tick(n: $n) }'),
  variableValues: { n },
  rootValue,
  contextValue: ctx,
});

describe('SharedSubscriptions', () => {
  it('executes once per event for identical subscriptions, delivers to each, and stops when the last leaves', async () => {
    const shared = new SharedSubscriptions((ctx) => String((ctx as { role?: string }).role ?? ''));
    const subs = (await Promise.all(
      [1, 1, 1].map((n) => shared.subscribe(args(n))),
    )) as AsyncIterableIterator<{ data?: unknown }>[];
    const other = (await shared.subscribe(args(2))) as AsyncIterableIterator<{ data?: unknown }>;
    expect(shared.size).toBe(2);
    await new Promise((r) => setTimeout(r, 10));
    executions = 0;
    pubSub.publish('TICK', { tick: 7 });
    const got = await Promise.all([...subs, other].map((s) => s.next()));
    expect(got.map((g) => g.value.data)).toEqual([
      { tick: 7 },
      { tick: 7 },
      { tick: 7 },
      { tick: 7 },
    ]);
    expect(executions).toBe(2); // one per distinct subscription, not one per subscriber

    // return() takes effect at once, even while next() is waiting.
    const waiting = subs[0]!.next();
    await subs[0]!.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    pubSub.publish('TICK', { tick: 8 });
    expect((await subs[1]!.next()).value.data).toEqual({ tick: 8 });
    expect((await subs[2]!.next()).value.data).toEqual({ tick: 8 });
    await subs[1]!.return!();
    await subs[2]!.return!();
    await other.return!();
    expect(shared.size).toBe(0);
  });

  it('drops what a subscriber had queued once it leaves (a closed socket is sent nothing more)', async () => {
    const shared = new SharedSubscriptions(() => '');
    const slow = (await shared.subscribe(args(3))) as AsyncIterableIterator<{ data?: unknown }>;
    const keeps = (await shared.subscribe(args(3))) as AsyncIterableIterator<{ data?: unknown }>;
    await new Promise((r) => setTimeout(r, 10));
    for (let t = 0; t < 5; t++) pubSub.publish('TICK', { tick: t });
    await new Promise((r) => setTimeout(r, 10));
    expect((await slow.next()).value.data).toEqual({ tick: 0 });
    await slow.return!();
    expect(await slow.next()).toEqual({ value: undefined, done: true });
    const rest = await Promise.all([0, 1, 2, 3, 4].map(() => keeps.next()));
    expect(rest.map((r) => r.value.data)).toEqual([0, 1, 2, 3, 4].map((tick) => ({ tick })));
    await keeps.return!();
    expect(shared.size).toBe(0);
  });

  it('keeps subscribers with different share keys apart', async () => {
    const shared = new SharedSubscriptions((ctx) => String((ctx as { role?: string }).role));
    const a = (await shared.subscribe(
      args(1, { role: 'viewer' }),
    )) as AsyncIterableIterator<unknown>;
    const b = (await shared.subscribe(
      args(1, { role: 'admin' }),
    )) as AsyncIterableIterator<unknown>;
    expect(shared.size).toBe(2);
    await a.return!();
    await b.return!();
    expect(shared.size).toBe(0);
  });

  it('returns an error result as it is, without sharing', async () => {
    const shared = new SharedSubscriptions(() => '');
    const bad = await shared.subscribe({
      schema,
      document: parse('subscription { nope }'),
      rootValue,
    });
    expect('errors' in bad && bad.errors).toBeTruthy();
    expect(shared.size).toBe(0);
  });
});
