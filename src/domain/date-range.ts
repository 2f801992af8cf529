import { badInput } from '../errors/bad-input';
import { addDays, daysBetween, isIsoDate, istDateOf, istDayStart } from './ist';

export enum RangePreset {
  TODAY = 'TODAY',
  LAST_7_DAYS = 'LAST_7_DAYS',
  LAST_30_DAYS = 'LAST_30_DAYS',
  CUSTOM = 'CUSTOM',
}

export interface RangeRequest {
  preset?: RangePreset | null;
  startDate?: string | null;
  endDate?: string | null;
}

/** A range of whole IST days: [start, end) as instants, and the inclusive IST dates. */
export interface ResolvedRange {
  start: Date;
  end: Date;
  startDate: string;
  endDate: string;
}

export const MAX_RANGE_DAYS = 366;

/**
 * Turns a preset or a custom pair of IST dates into instants. Throws BAD_USER_INPUT naming the
 * argument (prefixed by `argName`) for a missing, malformed, reversed or over-long custom range.
 */
export function resolveRange(
  request: RangeRequest | null | undefined,
  now: Date = new Date(),
  argName = 'range',
): ResolvedRange {
  const today = istDateOf(now);
  const preset = request?.preset ?? RangePreset.TODAY;
  let startDate: string;
  let endDate: string;
  switch (preset) {
    case RangePreset.TODAY:
      [startDate, endDate] = [today, today];
      break;
    case RangePreset.LAST_7_DAYS:
      [startDate, endDate] = [addDays(today, -6), today];
      break;
    case RangePreset.LAST_30_DAYS:
      [startDate, endDate] = [addDays(today, -29), today];
      break;
    case RangePreset.CUSTOM: {
      const s = request?.startDate;
      const e = request?.endDate;
      if (!s) throw badInput(`${argName}.startDate`, 'is required when preset is CUSTOM');
      if (!e) throw badInput(`${argName}.endDate`, 'is required when preset is CUSTOM');
      [startDate, endDate] = [s, e];
      break;
    }
    default:
      throw badInput(`${argName}.preset`, `unknown preset ${String(preset)}`);
  }
  return daysRange(startDate, endDate, {
    start: `${argName}.startDate`,
    end: `${argName}.endDate`,
  });
}

export interface RangeFields {
  start: string;
  end: string;
}

/** Validates an inclusive pair of IST dates (at most MAX_RANGE_DAYS days) and resolves it; errors name `fields`. */
export function daysRange(
  startDate: string,
  endDate: string,
  fields: RangeFields = { start: 'range.startDate', end: 'range.endDate' },
): ResolvedRange {
  if (!isIsoDate(startDate))
    throw badInput(fields.start, `"${startDate}" is not a YYYY-MM-DD date`);
  if (!isIsoDate(endDate)) throw badInput(fields.end, `"${endDate}" is not a YYYY-MM-DD date`);
  const span = daysBetween(startDate, endDate) + 1;
  const startName = fields.start.split('.').pop();
  if (span < 1) throw badInput(fields.end, `must not be before ${startName} (${startDate})`);
  if (span > MAX_RANGE_DAYS) {
    throw badInput(
      fields.end,
      `the range covers ${span} days; at most ${MAX_RANGE_DAYS} are allowed`,
    );
  }
  return {
    start: istDayStart(startDate),
    end: istDayStart(addDays(endDate, 1)),
    startDate,
    endDate,
  };
}
