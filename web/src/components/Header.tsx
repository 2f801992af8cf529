import { signOut, useAuth } from '../lib/auth';
import { ConnectionIndicator } from './ConnectionIndicator';
import { Nav } from './Nav';
import { RangePicker } from './RangePicker';
import { SyncControls } from './SyncControls';

export function Header() {
  const { session } = useAuth();
  return (
    <header className="header">
      <div className="header-top">
        <h1>Call dashboard</h1>
        <ConnectionIndicator />
        <span className="who">
          Signed in as {session?.role ?? 'viewer'}
          {session?.agentNumber ? ` (${session.agentNumber})` : ''}
        </span>
        <button type="button" className="secondary" onClick={() => signOut()}>
          Sign out
        </button>
      </div>
      <Nav />
      <div className="header-controls">
        <RangePicker />
        <SyncControls />
      </div>
    </header>
  );
}
