import { useLocation, withParams } from '../lib/router';
import { Link } from './Link';

export const VIEWS = [
  { path: '/', label: 'Overview' },
  { path: '/agents', label: 'Agents' },
  { path: '/customer-calls', label: 'Customer calls' },
  { path: '/missed-callers', label: 'Missed callers' },
  { path: '/calls', label: 'Call legs' },
  { path: '/live', label: 'Live' },
  { path: '/export', label: 'Export' },
] as const;

/** The views; each link keeps the range, so switching views keeps what is being looked at. */
export function Nav() {
  const { path, params } = useLocation();
  const keep = new URLSearchParams();
  for (const k of ['range', 'from', 'to']) {
    const v = params.get(k);
    if (v) keep.set(k, v);
  }
  return (
    <nav aria-label="Views">
      <ul className="nav">
        {VIEWS.map((v) => (
          <li key={v.path}>
            <Link
              href={withParams(v.path, keep, {})}
              aria-current={path === v.path ? 'page' : undefined}
            >
              {v.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
