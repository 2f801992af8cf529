const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID-shaped string (our ivr_calls ids). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** Kaleyra sometimes gives recordings protocol-relative (//play...); clients get https. */
export function recordingUrlOf(recording: string | null | undefined): string | null {
  if (!recording) return null;
  return recording.startsWith('//') ? `https:${recording}` : recording;
}
