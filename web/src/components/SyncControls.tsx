import { useSyncNow } from '../hooks/useSyncNow';
import { useSyncStatus } from '../hooks/useSyncStatus';
import { permissionsOf, useAuth } from '../lib/auth';
import { formatCount } from '../lib/format';
import { formatDay, formatIstDateTime } from '../lib/ist';
import { istDaysOf, rangeFromParams } from '../lib/range';
import { useLocation } from '../lib/router';
import { ErrorMessage } from './ErrorMessage';

/** The last sync, and for admins a "Sync now" button for the range shown, with its result. */
export function SyncControls() {
  const status = useSyncStatus();
  const { session } = useAuth();
  const { params } = useLocation();
  const { sync, result, running, error } = useSyncNow();
  const days = istDaysOf(rangeFromParams(params));
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
