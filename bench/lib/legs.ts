import { parseCallLogRecord } from '../../src/datasources/kaleyra/kaleyra.mappers';
import type { KaleyraCallLog } from '../../src/datasources/kaleyra/kaleyra.types';
import { generateTrafficIter } from '../../src/simulator/generator';

/** Legs from the simulator's generator, parsed as the sync parses them, in pages. */
export function* pages(
  seed: number,
  fromDate: string,
  toDate: string,
  totalLegs: number,
  size: number,
): Generator<KaleyraCallLog[]> {
  let page: KaleyraCallLog[] = [];
  for (const wire of generateTrafficIter({ seed, fromDate, toDate, totalLegs })) {
    const parsed = parseCallLogRecord(wire);
    if (!parsed.ok) throw new Error(`generator record does not parse: ${parsed.reason}`);
    page.push(parsed.record);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
