import { playableUrl } from '../../lib/format';

/** An audio player for an answered leg's recording (loaded only when played). */
export function RecordingPlayer({ url, label }: { url: string | null; label: string }) {
  const src = playableUrl(url);
  if (!src) return null;
  return <audio controls preload="none" src={src} aria-label={label} />;
}
