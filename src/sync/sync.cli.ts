import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfigOrExit, secretsOf } from '../config';
import { createKaleyra } from '../datasources/kaleyra/create-kaleyra';
import { openDatabase } from '../database/open-database';
import { kaleyraOrDemo } from '../demo/demo-kaleyra';
import { AppError } from '../errors/app-error';
import { createLogger } from '../logger';
import { CallLogSync, type SyncProgress } from './call-log-sync';

const USAGE =
  'usage: npm run sync -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--force]   (IST days; both default to today)';

/** A one-line progress bar on stderr (a line per day when stderr is not a terminal). */
function progressPrinter(stream: NodeJS.WriteStream) {
  let lastDay = '';
  return (p: SyncProgress) => {
    const done = p.dayIndex + 1;
    const status = `day ${done}/${p.days} ${p.day}  pages ${p.pages}  fetched ${p.fetched}  upserted ${p.upserted}  skipped ${p.skipped}`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / p.days) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${status}\x1b[K`);
    } else if (p.day !== lastDay) {
      stream.write(`${status}\n`);
    }
    lastDay = p.day;
  };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfigOrExit();
  // Logs go to stdout as JSON (warn and up); the progress bar has stderr to itself.
  const logger = createLogger({
    level: config.logLevel === 'info' ? 'warn' : config.logLevel,
    secrets: secretsOf(config),
  });
  const database = await openDatabase(config, logger);
  const { settings, demo } = await kaleyraOrDemo(config, logger, new Date());
  if (demo)
    console.error(
      `no KALEYRA_API_KEY: syncing from the built-in simulator (${demo.fromDate}..${demo.toDate})`,
    );
  const kaleyra = createKaleyra(settings, logger);
  const sync = new CallLogSync({ kaleyra, db: database.db, logger });
  try {
    const result = await sync.run(
      { fromDate: args.from, toDate: args.to, force: args.force },
      progressPrinter(process.stderr),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.error(
      `synced ${result.fromDate}..${result.toDate}: ${result.pages} pages, ${result.fetched} fetched, ` +
        `${result.upserted} upserted, ${result.pagesUnchanged} unchanged pages, ${result.skipped} skipped records, ` +
        `${result.daysSkipped} settled days skipped, ${result.durationMs} ms`,
    );
    return 0;
  } catch (err) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.error(
      err instanceof AppError
        ? `${err.code}: ${err.message}`
        : `sync failed: ${(err as Error).message}`,
    );
    return 1;
  } finally {
    await demo?.simulator.stop();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
