import { formatCount } from '../lib/format';
import { useLocation, withParams } from '../lib/router';
import { Link } from './Link';

/** Previous / next links; the page number lives in the URL. */
export function Pager({
  page,
  limit,
  totalCount,
  noun = 'legs',
}: {
  page: number;
  limit: number;
  totalCount: number;
  /** What is counted, in the plural ("legs", "calls"). */
  noun?: string;
}) {
  const { path, params } = useLocation();
  const pages = Math.max(1, Math.ceil(totalCount / limit));
  const href = (p: number) => withParams(path, params, { page: p === 1 ? null : String(p) });
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? <Link href={href(page - 1)}>Previous page</Link> : <span />}
      <span>
        Page {formatCount(page)} of {formatCount(pages)} ({formatCount(totalCount)} {noun})
      </span>
      {page < pages ? <Link href={href(page + 1)}>Next page</Link> : <span />}
    </nav>
  );
}
