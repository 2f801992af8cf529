import { StatCard } from '../../components/StatCard';
import type { KaleyraDashboardQuery } from '../../generated/graphql';
import { formatCount, formatDuration } from '../../lib/format';

type Overview = KaleyraDashboardQuery['dashboardOverview'];

/** The headline leg counts of the range. */
export function OverviewStats({ overview }: { overview: Overview }) {
  const { callVolume, agentStats } = overview;
  const answered = agentStats.reduce((n, a) => n + a.callsAnswered, 0);
  const talk = agentStats.reduce((n, a) => n + a.totalTalkSeconds, 0);
  return (
    <div className="stat-cards" aria-label="Figures for the range">
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
      <StatCard label="Talk time" value={formatDuration(talk)} hint="Answered forwarded legs" />
    </div>
  );
}
