import { randomBytes } from 'node:crypto';
import type { KaleyraSettings } from '../datasources/kaleyra/create-kaleyra';
import { addDays, istDateOf } from '../domain/ist';
import type { Logger } from '../logger';
import { generateTraffic } from '../simulator/generator';
import { startKaleyraSimulator, type KaleyraSimulator } from '../simulator/simulator.server';

export const DEMO_DAYS = 30;

export interface DemoKaleyra {
  simulator: KaleyraSimulator;
  apiKey: string;
  fromDate: string;
  toDate: string;
}

/**
 * Demo mode (no KALEYRA_API_KEY): the project's own Kaleyra simulator on loopback, seeded with
 * the last 30 IST days of realistic traffic, so the dashboard has something to show.
 */
export async function startDemoKaleyra(logger: Logger, now: Date): Promise<DemoKaleyra> {
  const apiKey = `ADEMO${randomBytes(14).toString('hex')}`;
  const toDate = istDateOf(now);
  const fromDate = addDays(toDate, -(DEMO_DAYS - 1));
  // Legs later than now would be calls from the future.
  const records = generateTraffic({ seed: 20260224, fromDate, toDate }).filter(
    (r) => Date.parse(r.start_time.replace(' ', 'T') + '+05:30') <= now.getTime(),
  );
  const simulator = await startKaleyraSimulator({ apiKey, host: '127.0.0.1', records, logger });
  logger.info(
    { simulator: simulator.url, fromDate, toDate, legs: records.length },
    'kaleyra: demo mode (no KALEYRA_API_KEY set): using the built-in Kaleyra simulator on loopback, seeded with the last 30 days',
  );
  return { simulator, apiKey, fromDate, toDate };
}

/**
 * The one decision on demo mode, for the entry points: with KALEYRA_API_KEY, the settings as
 * they are; without, the demo simulator is started and the settings point at it (its URL and
 * key). Stop `demo` after whatever used it.
 */
export async function kaleyraOrDemo<S extends KaleyraSettings>(
  settings: S,
  logger: Logger,
  now: Date,
): Promise<{ settings: S; demo?: DemoKaleyra }> {
  if (settings.kaleyraApiKey) return { settings };
  const demo = await startDemoKaleyra(logger, now);
  return {
    settings: { ...settings, kaleyraBaseUrl: demo.simulator.url, kaleyraApiKey: demo.apiKey },
    demo,
  };
}
