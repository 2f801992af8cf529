/**
 * Runs the Kaleyra simulator with generated traffic for the last N IST days (today included):
 *   node dist/src/simulator/simulator.cli.js --port 4010 --days 30 --seed 42 [--api-key K]
 *     [--legs-per-day 298] [--callback-delay-ms 2000] [--callback-time-format ist|epoch]
 */
import { parseArgs } from 'node:util';
import { addDays, formatIstDateTime, istDateOf } from '../domain/ist';
import { createLogger } from '../logger';
import { generateTraffic } from './generator';
import { startKaleyraSimulator } from './simulator.server';

// Obviously fake, like the fixtures; a real key is never needed for the simulator.
const DEFAULT_KEY = 'ASIMULATOR0000000000000000000000';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      days: { type: 'string', default: '30' },
      seed: { type: 'string', default: '42' },
      'api-key': { type: 'string', default: DEFAULT_KEY },
      'legs-per-day': { type: 'string' },
      'callback-delay-ms': { type: 'string', default: '2000' },
      'callback-time-format': { type: 'string', default: 'ist' },
    },
  });
  const int = (name: string, raw: string | undefined, min: number): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  const days = int('days', values.days, 1) as number;
  const timeFormat = values['callback-time-format'];
  if (timeFormat !== 'ist' && timeFormat !== 'epoch') {
    throw new Error('--callback-time-format must be ist or epoch');
  }
  const toDate = istDateOf(new Date());
  // Today's traffic is generated for the whole day; calls that have not happened yet are dropped.
  const now = formatIstDateTime(new Date());
  const records = generateTraffic({
    seed: int('seed', values.seed, 0) as number,
    fromDate: addDays(toDate, -(days - 1)),
    toDate,
    legsPerDay: int('legs-per-day', values['legs-per-day'], 0),
  }).filter((r) => r.start_time <= now);
  const logger = createLogger({ level: 'info' });
  const sim = await startKaleyraSimulator({
    apiKey: values['api-key'] as string,
    host: values.host,
    port: int('port', values.port, 0),
    records,
    seed: int('seed', values.seed, 0),
    callbackDelayMs: int('callback-delay-ms', values['callback-delay-ms'], 0),
    callbackTimeFormat: timeFormat,
    logger,
  });
  process.stdout.write(
    `Kaleyra simulator listening on ${sim.url} (${records.length} call-log legs, ` +
      `${addDays(toDate, -(days - 1))}..${toDate}); api key: ${
        values['api-key'] === DEFAULT_KEY ? DEFAULT_KEY : '(as given)'
      }\n`,
  );
  const shutdown = () => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
