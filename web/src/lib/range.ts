import type { DateRangeInput } from '../generated/graphql';
import { addDays, istDay } from './ist';

/** What the range picker offers; the URL's `range` parameter. */
export type RangeChoice = 'today' | '7d' | '30d' | 'custom';

export interface RangeSelection {
  choice: RangeChoice;
  /** IST days, for `custom` only. */
  from?: string;
  to?: string;
}

export const RANGE_LABELS: Record<RangeChoice, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The range in the URL; Last 7 days when there is none, or the custom one is incomplete. */
export function rangeFromParams(params: URLSearchParams): RangeSelection {
  const choice = params.get('range');
  if (choice === 'today' || choice === '7d' || choice === '30d') return { choice };
  if (choice === 'custom') {
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    if (DAY.test(from) && DAY.test(to)) return { choice, from, to };
  }
  return { choice: '7d' };
}

/** The URL parameters of a range (the default one writes nothing). */
export function rangeParams(range: RangeSelection): Record<string, string | null> {
  return {
    range: range.choice === '7d' ? null : range.choice,
    from: range.choice === 'custom' ? (range.from ?? null) : null,
    to: range.choice === 'custom' ? (range.to ?? null) : null,
  };
}

/** The API's DateRangeInput: presets are resolved by the server in IST. */
export function toRangeInput(range: RangeSelection): DateRangeInput {
  switch (range.choice) {
    case 'today':
      return { preset: 'TODAY' };
    case '30d':
      return { preset: 'LAST_30_DAYS' };
    case 'custom':
      return { preset: 'CUSTOM', startDate: range.from, endDate: range.to };
    default:
      return { preset: 'LAST_7_DAYS' };
  }
}

/** A custom range's starting point: the last 7 IST days. */
export function defaultCustomRange(now: Date = new Date()): RangeSelection {
  const to = istDay(now);
  return { choice: 'custom', from: addDays(to, -6), to };
}

/**
 * The IST days a range covers, up to today (the server syncs no future day, and exports have
 * none): what "Sync now" and the CSV downloads send as YYYY-MM-DD.
 */
export function istDaysOf(
  range: RangeSelection,
  now: Date = new Date(),
): { fromDate: string; toDate: string } {
  const today = istDay(now);
  if (range.choice === 'custom' && range.from && range.to)
    return { fromDate: range.from, toDate: range.to < today ? range.to : today };
  const back = range.choice === 'today' ? 0 : range.choice === '30d' ? 29 : 6;
  return { fromDate: addDays(today, -back), toDate: today };
}
