import { Fragment, useState } from 'react';
import type { CustomerCallRowFragment } from '../../generated/graphql';
import { dialable, formatDuration } from '../../lib/format';
import { formatIstDateTime } from '../../lib/ist';
import { OUTCOME_LABELS } from '../../lib/outcomes';
import { CallBackButton } from '../calls/CallBackButton';
import { RecordingPlayer } from '../calls/RecordingPlayer';
import { CallJourney } from './CallJourney';

const COLUMNS = 9;

/** Customer calls, newest first; a row opens to its journey (fetched when opened). */
export function CustomerCallTable({ calls }: { calls: readonly CustomerCallRowFragment[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  if (calls.length === 0) return <p>No customer calls match.</p>;
  return (
    <table className="calls customer-calls">
      <caption className="visually-hidden">Customer calls, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Started (IST)</th>
          <th scope="col">Customer</th>
          <th scope="col">Outcome</th>
          <th scope="col">Answered by</th>
          <th scope="col">Time to answer</th>
          <th scope="col">Talk</th>
          <th scope="col">Agents tried</th>
          <th scope="col">Recording</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => {
          const isOpen = open.has(c.id);
          const journeyId = `journey-${c.id}`;
          return (
            <Fragment key={c.id}>
              <tr>
                <td>
                  <button
                    type="button"
                    className="disclosure"
                    aria-expanded={isOpen}
                    aria-controls={isOpen ? journeyId : undefined}
                    aria-label={`Journey of the call at ${formatIstDateTime(c.startTime)}`}
                    onClick={() => toggle(c.id)}
                  >
                    {formatIstDateTime(c.startTime)}
                  </button>
                </td>
                <td>{c.customerNumber}</td>
                <td>
                  <span className={`outcome outcome-${c.outcome.toLowerCase()}`}>
                    {OUTCOME_LABELS[c.outcome]}
                  </span>
                </td>
                <td>{c.answeredBy ? (c.answeredByName ?? c.answeredBy) : '–'}</td>
                <td>{formatDuration(c.secondsToAnswer)}</td>
                <td>{formatDuration(c.talkSeconds)}</td>
                <td>{c.agentsTried}</td>
                <td>
                  {c.outcome === 'ANSWERED' && (
                    <RecordingPlayer
                      url={c.recordingUrl}
                      label={`Recording of the call from ${c.customerNumber} at ${formatIstDateTime(c.startTime)}`}
                    />
                  )}
                </td>
                <td>
                  {c.outcome !== 'ANSWERED' && dialable(c.customerNumber) && (
                    <CallBackButton customerNumber={c.customerNumber} />
                  )}
                </td>
              </tr>
              {isOpen && (
                <tr className="journey-row" id={journeyId}>
                  <td colSpan={COLUMNS}>
                    <CallJourney id={c.id} customerNumber={c.customerNumber} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
