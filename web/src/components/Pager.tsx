import { formatCount } from '../lib/format';
import { useLocation, withParams } from '../lib/router';
import { Link } from './Link';

/**
 * Previous / next links; the page number lives in the URL (`param`, "page" unless a view pages
 * two lists, whose other page is kept).
 */
export function Pager({
  page,
  limit,
  totalCount,
  noun = 'legs',
  param = 'page',
  label = 'Pages',
}: {
  page: number;
  limit: number;
  totalCount: number;
  /** What is counted, in the plural ("legs", "calls"). */
  noun?: string;
  param?: string;
  /** The navigation's name, distinct when a view has two pagers. */
  label?: string;
}) {
  const { path, params } = useLocation();
  const pages = Math.max(1, Math.ceil(totalCount / limit));
  const href = (p: number) =>
    withParams(path, params, {
      ...(param === 'page' ? {} : { page: params.get('page') }),
      [param]: p === 1 ? null : String(p),
    });
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? <Link href={href(page - 1)}>Previous page</Link> : <span />}
      <span>
        Page {formatCount(page)} of {formatCount(pages)} ({formatCount(totalCount)} {noun})
      </span>
      {page < pages ? <Link href={href(page + 1)}>Next page</Link> : <span />}
    </nav>
  );
}
