import { ErrorMessage } from '../../components/ErrorMessage';
import { useKaleyraDashboard } from '../../hooks/useKaleyraDashboard';
import { formatLongDay } from '../../lib/ist';
import { rangeFromParams } from '../../lib/range';
import { useLocation } from '../../lib/router';
import { DailyVolumeChart } from './DailyVolumeChart';
import { OverviewStats } from './OverviewStats';
import { StatusBreakdown } from './StatusBreakdown';
import { TopAgents } from './TopAgents';

/**
 * Leg-based figures for the range (what the API has today). The customer-call figures (service
 * level, time to answer, missed callers, heatmap, breakdowns) join these as the v2 queries land.
 */
export default function OverviewPage() {
  const { params } = useLocation();
  const { overview, loading, error } = useKaleyraDashboard(rangeFromParams(params));
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">
        Overview
        {overview &&
          `: ${formatLongDay(overview.range.startDate)} – ${formatLongDay(overview.range.endDate)}`}
      </h2>
      {error && <ErrorMessage error={error} />}
      {!overview && loading && <p>Loading…</p>}
      {overview && (
        <>
          <OverviewStats overview={overview} />
          <DailyVolumeChart days={overview.dailyVolume} />
          <div className="two-columns">
            <StatusBreakdown statuses={overview.statusBreakdown} />
            <TopAgents agents={overview.agentStats} />
          </div>
        </>
      )}
    </section>
  );
}
