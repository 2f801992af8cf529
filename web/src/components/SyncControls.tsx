import { useSyncNow } from '../hooks/useSyncNow';
import { useSyncStatus } from '../hooks/useSyncStatus';
import { permissionsOf, useAuth } from '../lib/auth';
import { formatCount } from '../lib/format';
import { addDays, formatDay, formatIstDateTime, istDay } from '../lib/ist';
import { rangeFromParams, type RangeSelection } from '../lib/range';
import { useLocation } from '../lib/router';
import { ErrorMessage } from './ErrorMessage';

/** The IST days a range covers, up to today (the server syncs no future day). */
function daysOf(range: RangeSelection): { fromDate: string; toDate: string } {
  const today = istDay();
  if (range.choice === 'custom' && range.from && range.to)
    return { fromDate: range.from, toDate: range.to < today ? range.to : today };
  const back = range.choice === 'today' ? 0 : range.choice === '30d' ? 29 : 6;
  return { fromDate: addDays(today, -back), toDate: today };
}

/** The last sync, and for admins a "Sync now" button for the range shown, with its result. */
export function SyncControls() {
  const status = useSyncStatus();
  const { session } = useAuth();
  const { params } = useLocation();
  const { sync, result, running, error } = useSyncNow();
  const days = daysOf(rangeFromParams(params));
  return (
    <div className="sync">
      <span>
        Last sync:{' '}
        {status?.lastCompletedAt ? `${formatIstDateTime(status.lastCompletedAt)} IST` : 'never'}
      </span>
      {permissionsOf(session).canSync && (
        <button type="button" disabled={running} onClick={() => void sync(days)}>
          {running ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      <span role="status" className="sync-result">
        {result &&
          `Synced ${formatDay(result.fromDate)} – ${formatDay(result.toDate)}: ${formatCount(result.fetched)} legs fetched, ${formatCount(result.upserted)} new or changed${result.daysSkipped ? `, ${result.daysSkipped} settled days skipped` : ''} (${(result.durationMs / 1000).toFixed(1)} s).`}
      </span>
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
