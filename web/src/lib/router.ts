import { useSyncExternalStore } from 'react';

/**
 * The address bar is the state a person shares: the view is the path, the range, filters, sort
 * and page are the query string. Components read it here and change it with navigate(); nothing
 * keeps a copy.
 */
const CHANGE = 'kcd:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query string; re-renders when either changes. */
export function useLocation(): { path: string; params: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, params: url.searchParams };
}

/** Goes to another address inside the app (pushState, or replaceState when `replace`). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

/**
 * The address with some query parameters changed (null or '' removes one). Changing anything
 * but the page itself goes back to page 1.
 */
export function withParams(
  path: string,
  params: URLSearchParams,
  changes: Record<string, string | null | undefined>,
): string {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v == null || v === '') next.delete(k);
    else next.set(k, v);
  }
  if (!('page' in changes)) next.delete('page');
  const q = next.toString();
  return q ? `${path}?${q}` : path;
}
