/** India Standard Time helpers. IST has no DST: it is always UTC+05:30. */
export const IST_OFFSET_MS = 330 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const IST_DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * Milliseconds of a UTC date-time, for every year from 1 to 9999. Date.UTC reads years 0–99 as
 * 1900–1999, so 0050-01-01 would come out as 1950-01-01.
 */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

/**
 * True for a real calendar date written YYYY-MM-DD, in years 0001 to 9999 of the (proleptic)
 * Gregorian calendar. Year 0000 is not one: the calendar goes from 1 BC to AD 1, as Postgres does.
 */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1) return false;
  const t = new Date(utcMs(y, mo, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The IST calendar day (YYYY-MM-DD) that contains an instant. */
export function istDateOf(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant an IST day begins (00:00:00 IST). */
export function istDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - IST_OFFSET_MS);
}

/** date plus n days (n may be negative). */
export function addDays(date: string, n: number): string {
  const iso = new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString();
  // Past 9999-12-31 the year is written +010000: cut at the T, not at 10 characters.
  return iso.slice(0, iso.indexOf('T'));
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Parses Kaleyra's "YYYY-MM-DD HH:MM:SS" (IST, no zone) into an instant; null when malformed. */
export function parseIstDateTime(value: string): Date | null {
  const m = IST_DATETIME_RE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (h > 23 || mi > 59 || s > 59 || !isIsoDate(`${m[1]}-${m[2]}-${m[3]}`)) return null;
  return new Date(utcMs(y, mo, d, h, mi, s) - IST_OFFSET_MS);
}

/** Formats an instant as Kaleyra's IST "YYYY-MM-DD HH:MM:SS". */
export function formatIstDateTime(instant: Date): string {
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
