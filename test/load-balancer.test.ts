/**
 * Two server processes behind a real nginx (Debian's nginx-light, started here as a round-robin
 * reverse proxy for HTTP and WebSocket upgrades), as several instances run behind a load balancer.
 */
import { freePort } from '../src/database/embedded';
import { CallStatusChangedDocument, type CallStatusChangedSubscription } from './generated/graphql';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';
import { startNginx } from './helpers/daemons';
import { createTestDatabase } from './helpers/db';
import { describeWithTools } from './helpers/external-tools';
import { mulberry, pool } from './helpers/load';
import { spawnBuilt, type Spawned } from './helpers/process';
import { subscribe, type Subscription } from './helpers/ws';

const TOKEN = 'load-balancer-callback-token-000';
const KEY = 'ALOADBALANCERFAKEKEY00000000000000';

const callbackQuery = (i: number) =>
  new URLSearchParams({
    token: TOKEN,
    id: `lb-${i}`,
    caller: '9800000001',
    receiver: `98${String(20_000_000 + i).slice(-8)}`,
    status: 'ANSWER',
    duration: String(10 + (i % 50)),
    billsec: String(i % 50),
  });

describeWithTools(['nginx'], 'two instances behind nginx', () => {
  it('gives every subscriber on either instance each event of 1,000 callbacks exactly once', async () => {
    const tdb = await createTestDatabase();
    const procs: Spawned[] = [];
    const subs: Subscription<CallStatusChangedSubscription>[] = [];
    let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
    try {
      const ports = [await freePort(), await freePort()];
      for (const port of ports)
        procs.push(
          spawnBuilt('src/index.js', {
            DATABASE_URL: tdb.connectionString,
            PORT: String(port),
            KALEYRA_API_KEY: KEY,
            KALEYRA_BASE_URL: 'http://127.0.0.1:9/v1/',
            KALEYRA_CALLBACK_TOKEN: TOKEN,
            KALEYRA_CALLBACK_URL: 'http://127.0.0.1:9/webhooks/kaleyra/callback',
            AUTH_JWT_SECRET: TEST_JWT_SECRET,
          }),
        );
      await Promise.all(procs.map((p) => p.waitFor(/server listening/)));
      nginx = await startNginx(ports);
      const auth = bearer(await signToken('viewer'));
      // Two through nginx (round robin), and one straight to each instance, so both have some.
      for (const url of [
        nginx.url,
        nginx.url,
        `http://127.0.0.1:${ports[0]}`,
        `http://127.0.0.1:${ports[1]}`,
      ])
        subs.push(await subscribe(url, CallStatusChangedDocument, {}, auth));

      // 1,000 deliveries: about 5% malformed (400), about 10% repeats of an earlier one.
      const rand = mulberry(14);
      const plan = Array.from({ length: 1_000 }, (_, i) => {
        const r = rand();
        if (r < 0.05) return { kind: 'malformed' as const, i };
        if (r < 0.15 && i > 0) return { kind: 'duplicate' as const, i: Math.floor(rand() * i) };
        return { kind: 'valid' as const, i };
      });
      const statuses = await pool(plan.length, 20, async (n) => {
        const p = plan[n]!;
        const q = callbackQuery(p.i);
        if (p.kind === 'malformed') q.delete('status');
        const res = await fetch(`${nginx!.url}/webhooks/kaleyra/callback?${q}`);
        await res.arrayBuffer();
        return res.status;
      });
      plan.forEach((p, n) =>
        expect([p.kind, statuses[n]]).toEqual([p.kind, p.kind === 'malformed' ? 400 : 200]),
      );
      // A repeat of an index whose first delivery was malformed is that call's first valid one.
      const valid = new Set(plan.filter((p) => p.kind !== 'malformed').map((p) => `lb-${p.i}`));

      const { rows } = await tdb.pool.query<{ k: string }>(
        'SELECT kaleyra_call_id AS k FROM ivr_calls',
      );
      expect(rows).toHaveLength(valid.size);
      expect(new Set(rows.map((r) => r.k))).toEqual(valid);

      for (const sub of subs) await sub.waitFor(valid.size, 30_000);
      await new Promise((r) => setTimeout(r, 1_500)); // past a safety poll: nothing more arrives
      for (const sub of subs) {
        const ids = sub.events.map((e) => e.callStatusChanged.kaleyraCallId);
        expect(ids).toHaveLength(valid.size);
        expect(new Set(ids)).toEqual(valid);
        expect(sub.errors).toEqual([]);
      }
    } finally {
      await Promise.all(subs.map((s) => s.close()));
      await nginx?.stop();
      await Promise.all(procs.map((p) => p.stop()));
      await tdb.drop();
    }
  });
});
