import { StatCard } from '../../components/StatCard';
import type { KaleyraDashboardQuery } from '../../generated/graphql';
import { formatCount, formatDuration, formatPercent } from '../../lib/format';

type Overview = KaleyraDashboardQuery['dashboardOverview'];
type Recovery = KaleyraDashboardQuery['recoverySummary'];
type Callers = KaleyraDashboardQuery['callerSummary'];

/**
 * The range's headline figures: customer calls first (one per call to the IVR, however many
 * agents it rang), then the leg counts Kaleyra reports.
 */
export function OverviewStats({
  overview,
  recovery,
  callers,
}: {
  overview: Overview;
  recovery: Recovery;
  callers: Callers;
}) {
  const { callVolume, agentStats, serviceLevel: sl } = overview;
  const answered = agentStats.reduce((n, a) => n + a.callsAnswered, 0);
  const talk = agentStats.reduce((n, a) => n + a.totalTalkSeconds, 0);
  return (
    <>
      <h3 className="visually-hidden">Customer calls</h3>
      <div className="stat-cards" aria-label="Customer calls in the range">
        <StatCard
          label="Customer calls"
          value={formatCount(sl.offered)}
          hint={`${formatCount(sl.answered)} answered, ${formatCount(sl.missed)} missed`}
        />
        <StatCard
          label="Answered"
          value={formatPercent(sl.answerRatePercent)}
          hint="Of customer calls, by any agent"
        />
        <StatCard
          label="Service level"
          value={formatPercent(sl.serviceLevelPercent)}
          hint={`Answered within ${sl.answerWithinSeconds} s (calls abandoned within ${sl.shortAbandonSeconds} s not counted)`}
        />
        <StatCard
          label="Average time to answer"
          value={formatDuration(sl.averageSecondsToAnswer)}
          hint="From the first agent ringing"
        />
        <StatCard
          label="Open missed callers"
          value={formatCount(recovery.open)}
          hint={`${formatCount(recovery.recovered)} of ${formatCount(recovery.episodes)} recovered, ${formatPercent(recovery.recoveryRatePercent)} within ${recovery.withinHours} h; median ${formatDuration(recovery.medianSecondsToRecovery)}`}
        />
        <StatCard
          label="Callers"
          value={formatCount(callers.uniqueCallers)}
          hint={`${formatCount(callers.newCallers)} new, ${formatCount(callers.repeatCallers)} calling again`}
        />
        <StatCard label="Talk time" value={formatDuration(talk)} hint="Answered forwarded legs" />
      </div>
      <h3 className="visually-hidden">Call legs</h3>
      <div className="stat-cards" aria-label="Call legs in the range">
        <StatCard
          label="Incoming calls"
          value={formatCount(callVolume.incoming)}
          hint="Incoming legs (one per call to the IVR)"
        />
        <StatCard
          label="Forwarded legs"
          value={formatCount(callVolume.forwarded)}
          hint="One per agent rung"
        />
        <StatCard
          label="Answered legs"
          value={formatCount(answered)}
          hint="Forwarded legs answered"
        />
        <StatCard label="Click-to-call legs" value={formatCount(callVolume.click2call)} />
        <StatCard label="All legs" value={formatCount(callVolume.total)} />
      </div>
    </>
  );
}
