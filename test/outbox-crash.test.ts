/**
 * The gap the outbox closes: a process killed (SIGKILL) after its callbacks' transaction committed
 * and before it published anything. Each trial is a real process running the server's callback
 * writer and data source (test/support/crash-victim.ts), killed by the writer's test hook right
 * after the commit. Another instance (a whole server, with subscribers) must still publish every
 * one of those events, exactly once. Before the outbox, every event of every trial was lost.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallbackUpdate } from '../src/datasources/database/callback.rows';
import { CallStatusChangedDocument, type CallStatusChangedSubscription } from './generated/graphql';
import { createTestDatabase } from './helpers/db';
import { pool } from './helpers/load';
import { ROOT } from './helpers/process';
import { startTestServer } from './helpers/server';
import { subscribe, type Subscription } from './helpers/ws';

const TRIALS = 200;
const CONCURRENCY = 4;
// Hundreds of short node processes: let them share compiled code (Node's on-disk compile cache).
const COMPILE_CACHE = mkdtempSync(path.join(os.tmpdir(), 'kcd-victim-cache-'));

const update = (id: string, n: number): CallbackUpdate => ({
  ivrCallId: null,
  kaleyraCallId: id,
  caller: '9800000001',
  receiver: `98${String(30_000_000 + n).slice(-8)}`,
  status: 'ANSWERED',
  kaleyraStatus: 'ANSWER',
  duration: 20,
  billsec: 15,
  recordingUrl: null,
  startTime: null,
  endTime: null,
  receivedAt: new Date(),
});

/** Runs one victim; resolves with how it ended (a signal name, or an exit code) and its output. */
function runVictim(databaseUrl: string, updates: CallbackUpdate[]) {
  return new Promise<{ ended: string | number; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'dist', 'test', 'support', 'crash-victim.js')],
      {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: databaseUrl,
          CALLBACKS: JSON.stringify(updates),
          NODE_COMPILE_CACHE: COMPILE_CACHE,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ ended: signal ?? code ?? -1, output });
    });
  });
}

describe('an instance killed between commit and publish', () => {
  afterAll(() => rmSync(COMPILE_CACHE, { recursive: true, force: true }));

  it(`loses no event over ${TRIALS} kills: another instance publishes each one, exactly once`, async () => {
    const tdb = await createTestDatabase();
    const survivor = await startTestServer({ database: tdb.open() });
    const subs: Subscription<CallStatusChangedSubscription>[] = [];
    try {
      for (let k = 0; k < 2; k++)
        subs.push(await subscribe(survivor.url, CallStatusChangedDocument, {}));
      // Trial t stores 1 to 3 callbacks in one transaction, then dies.
      const plans = Array.from({ length: TRIALS }, (_, t) =>
        Array.from({ length: 1 + (t % 3) }, (_, j) => update(`crash-${t}-${j}`, t * 3 + j)),
      );
      const started = Date.now();
      const outcomes = await pool(TRIALS, CONCURRENCY, (t) =>
        runVictim(tdb.connectionString, plans[t]!),
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const notKilled = outcomes.filter((o) => o.ended !== 'SIGKILL');
      expect(notKilled).toEqual([]);

      const expected = new Set(plans.flat().map((u) => u.kaleyraCallId!));
      // Every trial committed before it died.
      const { rows } = await tdb.pool.query<{ k: string }>(
        'SELECT kaleyra_call_id AS k FROM ivr_calls',
      );
      expect(new Set(rows.map((r) => r.k))).toEqual(expected);

      for (const sub of subs) await sub.waitFor(expected.size, 20_000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1_200)); // past a safety poll: nothing more arrives
      for (const sub of subs) {
        const ids = sub.events.map((e) => e.callStatusChanged.kaleyraCallId!);
        const lost = [...expected].filter((id) => !ids.includes(id));
        expect({ lost, received: ids.length }).toEqual({ lost: [], received: expected.size });
      }
      console.info(
        `outbox crash: ${TRIALS} processes killed after commit (${seconds} s), ${expected.size} events, 0 lost, 0 repeated, on each of ${subs.length} subscribers`,
      );
    } finally {
      await Promise.all(subs.map((s) => s.close()));
      await survivor.stop();
      await tdb.drop();
    }
  }, 180_000);
});
