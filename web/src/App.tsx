import { ApolloProvider } from '@apollo/client/react';
import {
  lazy,
  Suspense,
  useEffect,
  useState,
  type ComponentType,
  type LazyExoticComponent,
} from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Header } from './components/Header';
import { Link } from './components/Link';
import { SignIn } from './components/SignIn';
import { useLiveCallStatus } from './hooks/useLiveCallStatus';
import { createDashboardClient, type DashboardClient } from './lib/apollo-client';
import { useAuth } from './lib/auth';
import { useLocation } from './lib/router';

// One chunk per view: the overview's page loads the chart library, the others do not.
const PAGES: Record<string, LazyExoticComponent<ComponentType>> = {
  '/': lazy(() => import('./features/overview/OverviewPage')),
  '/agents': lazy(() => import('./features/agents/AgentsPage')),
  '/customer-calls': lazy(() => import('./features/customer-calls/CustomerCallsPage')),
  '/missed-callers': lazy(() => import('./features/missed-callers/MissedCallersPage')),
  '/calls': lazy(() => import('./features/calls/CallsPage')),
  '/live': lazy(() => import('./features/live/LivePage')),
  '/export': lazy(() => import('./features/export/ExportPage')),
};

function LiveSubscription() {
  useLiveCallStatus();
  return null;
}

function Dashboard() {
  const { path } = useLocation();
  const Page = PAGES[path];
  return (
    <>
      <LiveSubscription />
      <Header />
      <ConnectionBanner />
      <main>
        <Suspense fallback={<p>Loading…</p>}>
          {Page ? (
            <Page />
          ) : (
            <p>
              There is no page here. <Link href="/">Go to the overview</Link>.
            </p>
          )}
        </Suspense>
      </main>
    </>
  );
}

/** A client per sign-in: a new token gets a fresh cache and socket; signing out closes both. */
function SignedIn() {
  const [client, setClient] = useState<DashboardClient | null>(null);
  useEffect(() => {
    const created = createDashboardClient();
    setClient(created);
    return () => void created.dispose();
  }, []);
  if (!client) return null;
  return (
    <ApolloProvider client={client.apollo}>
      <Dashboard />
    </ApolloProvider>
  );
}

export function App() {
  const { session, reason } = useAuth();
  if (!session) return <SignIn reason={reason} />;
  return <SignedIn key={session.token ?? 'without-token'} />;
}
