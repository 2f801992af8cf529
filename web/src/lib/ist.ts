/**
 * Every day and time on the dashboard is Indian Standard Time, whatever the browser's zone: the
 * server counts IST days, and a manager in Mumbai and a developer in New York must see the same
 * labels. Dates arrive as "YYYY-MM-DD" IST days and are never passed through the local zone.
 */
const IST = 'Asia/Kolkata';

const isoDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: IST,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The IST calendar day of an instant, "YYYY-MM-DD". */
export function istDay(at: Date = new Date()): string {
  return isoDay.format(at);
}

const dayLabel = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

const longDayLabel = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

function utcNoonOf(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** "Tue, 24 Feb" for the IST day "2026-02-24" (formatted in UTC, so no zone can shift it). */
export function formatDay(day: string): string {
  return dayLabel.format(utcNoonOf(day));
}

/** "24 Feb 2026". */
export function formatLongDay(day: string): string {
  return longDayLabel.format(utcNoonOf(day));
}

const dateTime = new Intl.DateTimeFormat('en-IN', {
  timeZone: IST,
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "24 Feb, 14:05:09" in IST, for an ISO instant. */
export function formatIstDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** The day `n` days after an IST day (negative: before). */
export function addDays(day: string, n: number): string {
  const d = utcNoonOf(day);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
