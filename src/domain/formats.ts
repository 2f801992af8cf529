const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID-shaped string (our ivr_calls ids). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

// C0 controls and DEL. Postgres refuses NUL in text and jsonb, and none of them belongs in a name,
// a number, a status or a URL.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/** True when a string holds NUL or another control character (U+0000–U+001F, U+007F). */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_RE.test(value);
}

/**
 * A recording URL safe to store and to hand to a browser: absolute http(s), or protocol-relative
 * (`//play.solutionsinfini.com/...`, as Kaleyra sometimes gives it), which becomes https. Anything
 * else (`javascript:`, `data:`, a relative path, a URL without a host) is no recording: null.
 */
export function recordingUrlOf(recording: string | null | undefined): string | null {
  const raw = recording?.trim();
  if (!raw || hasControlCharacters(raw) || !/^(https?:)?\/\//i.test(raw)) return null;
  const absolute = raw.startsWith('//') ? `https:${raw}` : raw;
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') return null;
  return absolute;
}
