const count = new Intl.NumberFormat('en-IN');

/** Indian digit grouping (1,23,456), as the people reading the dashboard write numbers. */
export function formatCount(n: number): string {
  return count.format(n);
}

/** "1 h 02 min", "4 min 05 s", "42 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(r).padStart(2, '0')} s`;
  return `${r} s`;
}

/** Kaleyra's recording links may be protocol-relative ("//host/..."); the page needs https. */
export function playableUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  if (url.startsWith('//')) return `https:${url}`;
  return /^https?:\/\//.test(url) ? url : null;
}

const percent = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 1 });

/** "42.9%"; a dash when the API has no figure (its denominator was 0). */
export function formatPercent(p: number | null | undefined): string {
  return p == null ? '–' : `${percent.format(p)}%`;
}

/** A customer number that can be dialled (masked numbers, such as 98XXXXXX01, cannot). */
export const dialable = (n: string) => /^\d{10}$/.test(n);
