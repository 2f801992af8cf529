import { useId, useState } from 'react';
import type { CallOutcome } from '../../generated/graphql';
import { useCsvDownload } from '../../hooks/useCsvDownload';
import { formatLongDay } from '../../lib/ist';
import { OUTCOME_LABELS, OUTCOMES } from '../../lib/outcomes';
import { istDaysOf, rangeFromParams } from '../../lib/range';
import { useLocation } from '../../lib/router';

/** CSV files of the range picked in the header (IST days, up to today). */
export default function ExportPage() {
  const { params } = useLocation();
  const { fromDate, toDate } = istDaysOf(rangeFromParams(params));
  const { download, running, error, saved } = useCsvDownload();
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const id = useId();
  const days = { startDate: fromDate, endDate: toDate };
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p>
        CSV files of {formatLongDay(fromDate)} – {formatLongDay(toDate)} (IST days), one row per
        call leg or per customer call. Pick another range in the header.
      </p>
      <div className="two-columns">
        <section className="panel" aria-labelledby={`${id}-legs`}>
          <h3 id={`${id}-legs`}>Call legs</h3>
          <p>Every leg Kaleyra reports: Incoming, forwarded to an agent, click-to-call.</p>
          <button
            type="button"
            disabled={running !== null}
            onClick={() => void download('call-logs', days)}
          >
            {running === 'call-logs' ? 'Preparing…' : 'Download call legs (CSV)'}
          </button>
        </section>
        <section className="panel" aria-labelledby={`${id}-calls`}>
          <h3 id={`${id}-calls`}>Customer calls</h3>
          <p>One row per call to the IVR, with its outcome and who answered.</p>
          <div className="filters">
            <div>
              <label htmlFor={`${id}-outcome`}>Outcome</label>
              <select
                id={`${id}-outcome`}
                value={outcome}
                onChange={(e) => setOutcome(e.target.value as CallOutcome | '')}
              >
                <option value="">All outcomes</option>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {OUTCOME_LABELS[o]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button
            type="button"
            disabled={running !== null}
            onClick={() =>
              void download('customer-calls', { ...days, outcome: outcome || undefined })
            }
          >
            {running === 'customer-calls' ? 'Preparing…' : 'Download customer calls (CSV)'}
          </button>
        </section>
      </div>
      <p role="status" className="sync-result">
        {saved && `Saved ${saved}.`}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
