import { useConnectionState } from '../lib/connection';

/** Shown while the connection is lost; it reconnects (and the page refreshes) by itself. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state !== 'reconnecting') return null;
  return (
    <div className="banner" role="alert">
      Connection to the server lost. Reconnecting… The figures refresh by themselves once it is
      back.
    </div>
  );
}
