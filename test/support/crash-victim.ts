/**
 * A process that dies between commit and publish, for test/outbox-crash.test.ts: it stores the
 * callbacks given in CALLBACKS (JSON) through the server's own CallbackWriter and data source, as
 * the callback route does, and its writer's test hook kills it with SIGKILL right after the
 * transaction commits, before any 200 or wake-up NOTIFY could leave. Built to dist/ with the
 * server (tsconfig.build.json) so the test can spawn it as plain node.
 */
import { PgStore } from '../../src/datasources/database/pg.store';
import type { CallbackUpdate } from '../../src/datasources/database/callback.rows';
import { createPool } from '../../src/database/pool';
import type { Logger } from '../../src/logger';
import { CallbackWriter } from '../../src/callbacks/callback-writer';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const updates = (JSON.parse(process.env.CALLBACKS!) as CallbackUpdate[]).map((u) => ({
    ...u,
    receivedAt: new Date(u.receivedAt),
  }));
  // Hundreds of these run per test: no pino (nothing is logged), no feed (nothing is published).
  const pool = createPool({ connectionString: url, max: 1 }, { warn() {} } as unknown as Logger);
  const writer = new CallbackWriter(new PgStore(pool, []), {
    afterCommit: () => process.kill(process.pid, 'SIGKILL'),
  });
  // Applied in the same turn: one batch, one transaction. Had the process lived, the callback
  // route would now answer 200 and announce the events (a NOTIFY that wakes every instance).
  await Promise.all(updates.map((u) => writer.apply(u)));
  await pool.end();
  process.stdout.write('survived: the hook did not run\n');
}

void main();
