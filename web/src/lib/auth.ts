import { useSyncExternalStore } from 'react';

/**
 * The bearer token and what its claims allow. The token lives in sessionStorage (one tab, gone
 * when it closes); a link may bring it in the fragment (#token=…), which is read once and removed
 * from the address bar. The role only shapes the page: the server checks every request itself.
 */
export type Role = 'viewer' | 'agent' | 'admin';

export interface Session {
  /** null: the server runs with AUTH_DISABLED and the user chose to go on without a token. */
  token: string | null;
  role: Role;
  /** app_metadata.agent_number: the number an agent calls from. */
  agentNumber: string | null;
  /** Seconds since the epoch; null when the token has none. */
  expiresAt: number | null;
  subject: string | null;
}

/** Why the sign-in box is shown. */
export type SignedOutReason = 'none' | 'expired' | 'rejected' | 'signed-out';

const STORAGE_KEY = 'kcd.token';
const ROLES: readonly Role[] = ['viewer', 'agent', 'admin'];

function base64UrlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The session a JWT describes (unverified: the server verifies), or null when it is no JWT. */
export function sessionOf(token: string): Session | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = base64UrlJson(parts[1]!) as {
      sub?: string;
      exp?: number;
      app_metadata?: { role?: string; agent_number?: string };
    };
    const role = claims.app_metadata?.role;
    return {
      token: token.trim(),
      role: ROLES.includes(role as Role) ? (role as Role) : 'viewer',
      agentNumber: claims.app_metadata?.agent_number ?? null,
      expiresAt: typeof claims.exp === 'number' ? claims.exp : null,
      subject: claims.sub ?? null,
    };
  } catch {
    return null;
  }
}

export const isExpired = (s: Session, now = Date.now()) =>
  s.expiresAt !== null && s.expiresAt * 1000 <= now;

interface AuthState {
  session: Session | null;
  reason: SignedOutReason;
}

let state: AuthState = { session: null, reason: 'none' };
const listeners = new Set<() => void>();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function set(next: AuthState): void {
  state = next;
  clearTimeout(expiryTimer);
  const s = next.session;
  if (s?.expiresAt != null) {
    // Sign out the moment the token expires (setTimeout's limit is ~24.8 days).
    const ms = Math.min(s.expiresAt * 1000 - Date.now(), 2 ** 31 - 1);
    expiryTimer = setTimeout(() => signOut('expired'), Math.max(ms, 0));
  }
  listeners.forEach((l) => l());
}

/** Reads #token=… (then removes it from the address bar), else sessionStorage. */
export function initAuth(): void {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  const fromLink = hash.get('token');
  if (fromLink !== null) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    signIn(fromLink);
    return;
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (stored) signIn(stored);
}

/** Signs in with a token; returns an error message when it cannot be used. */
export function signIn(token: string): string | null {
  const session = sessionOf(token);
  if (!session) return 'That is not a token: paste the whole JWT (three parts separated by dots).';
  if (isExpired(session)) {
    sessionStorage.removeItem(STORAGE_KEY);
    set({ session: null, reason: 'expired' });
    return 'This token has expired: get a new one and sign in again.';
  }
  sessionStorage.setItem(STORAGE_KEY, session.token!);
  set({ session, reason: 'none' });
  return null;
}

/** For a server started with AUTH_DISABLED=true: no token, and the server treats everyone as admin. */
export function continueWithoutToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  set({
    session: { token: null, role: 'admin', agentNumber: null, expiresAt: null, subject: null },
    reason: 'none',
  });
}

export function signOut(reason: SignedOutReason = 'signed-out'): void {
  sessionStorage.removeItem(STORAGE_KEY);
  if (state.session === null && state.reason === reason) return;
  set({ session: null, reason });
}

/** The token for the next request or socket (read each time, so a new one is used at once). */
export const currentToken = (): string | null => state.session?.token ?? null;

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useAuth(): AuthState {
  return useSyncExternalStore(subscribe, () => state);
}

/** What the role may do; the page hides what it may not (the server refuses it anyway). */
export function permissionsOf(session: Session | null) {
  const role = session?.role ?? 'viewer';
  return {
    canSync: role === 'admin',
    canCall: role === 'agent' || role === 'admin',
    /** An admin (or an agent not pinned to a number) chooses the agent who calls. */
    canPickAgent: role === 'admin' || (role === 'agent' && !session?.agentNumber),
  };
}
