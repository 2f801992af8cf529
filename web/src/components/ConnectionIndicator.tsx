import { useConnectionState } from '../lib/connection';

const TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** The live connection's state, always visible in the header. */
export function ConnectionIndicator() {
  const state = useConnectionState();
  return (
    <span className={`connection connection-${state}`} role="status" aria-label="Live updates">
      <span className="dot" aria-hidden="true" /> {TEXT[state]}
    </span>
  );
}
