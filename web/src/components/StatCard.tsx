import { useId } from 'react';

/** One headline figure; its label names the group, so it can be found by what it measures. */
export function StatCard({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  return (
    <div className="stat-card" role="group" aria-labelledby={id}>
      <span id={id} className="stat-label">
        {label}
      </span>
      <span className="stat-value">{value}</span>
      {hint && <span className="stat-hint">{hint}</span>}
    </div>
  );
}
