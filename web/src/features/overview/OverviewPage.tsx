import { ErrorMessage } from '../../components/ErrorMessage';
import { useKaleyraDashboard } from '../../hooks/useKaleyraDashboard';
import { formatLongDay } from '../../lib/ist';
import { rangeFromParams } from '../../lib/range';
import { useLocation } from '../../lib/router';
import { CallBreakdowns } from './CallBreakdowns';
import { CallHeatmap } from './CallHeatmap';
import { DailyVolumeChart } from './DailyVolumeChart';
import { OutcomesChart } from './OutcomesChart';
import { OverviewStats } from './OverviewStats';
import { StatusBreakdown } from './StatusBreakdown';
import { TopAgents } from './TopAgents';

/**
 * The range's customer calls (service level, time to answer, outcomes) and Kaleyra's legs, from
 * one request, with the missed callers still open, the hour × weekday heatmap and the
 * location, carrier and DID breakdowns.
 */
export default function OverviewPage() {
  const { params } = useLocation();
  const { overview, recovery, callers, heatmap, breakdowns, loading, error } = useKaleyraDashboard(
    rangeFromParams(params),
  );
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">
        Overview
        {overview &&
          `: ${formatLongDay(overview.range.startDate)} – ${formatLongDay(overview.range.endDate)}`}
      </h2>
      {error && <ErrorMessage error={error} />}
      {!overview && loading && <p>Loading…</p>}
      {overview && recovery && callers && heatmap && breakdowns && (
        <>
          <OverviewStats overview={overview} recovery={recovery} callers={callers} />
          <DailyVolumeChart legs={overview.dailyVolume} calls={overview.customerCallsByDay} />
          <div className="two-columns">
            <OutcomesChart serviceLevel={overview.serviceLevel} />
            <StatusBreakdown statuses={overview.statusBreakdown} />
          </div>
          <CallHeatmap cells={heatmap} />
          <CallBreakdowns {...breakdowns} />
          <TopAgents agents={overview.agentStats} />
        </>
      )}
    </section>
  );
}
