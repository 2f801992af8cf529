import type { ServiceLevelRow } from '../datasources/database/customer-call.rows';
import { badInput } from '../errors/bad-input';
import type { ResolvedRange } from './date-range';

export const ANSWER_WITHIN_SECONDS = { min: 1, max: 3600 } as const;
export const SHORT_ABANDON_SECONDS = { min: 0, max: 600 } as const;

/** BAD_USER_INPUT naming the argument unless both thresholds are in range. */
export function checkServiceLevelArgs(answerWithinSeconds: number, shortAbandonSeconds: number) {
  const { min: aMin, max: aMax } = ANSWER_WITHIN_SECONDS;
  const { min: sMin, max: sMax } = SHORT_ABANDON_SECONDS;
  if (answerWithinSeconds < aMin || answerWithinSeconds > aMax)
    throw badInput(
      'answerWithinSeconds',
      `must be in ${aMin}..${aMax} (got ${answerWithinSeconds})`,
    );
  if (shortAbandonSeconds < sMin || shortAbandonSeconds > sMax)
    throw badInput(
      'shortAbandonSeconds',
      `must be in ${sMin}..${sMax} (got ${shortAbandonSeconds})`,
    );
}

const pct = (v: number | null) => (v === null ? 'not defined (no calls to divide by)' : `${v}%`);
const avg = (v: number | null, unit: string) =>
  v === null ? 'not defined (none answered)' : `${v} ${unit}`;

/**
 * ServiceLevel.formula: the contract's formulas in words, each with the numbers of this answer,
 * so that a manager can redo the arithmetic.
 */
export function serviceLevelFormula(
  row: ServiceLevelRow,
  answerWithinSeconds: number,
  shortAbandonSeconds: number,
): string {
  const { offered, answered, answeredWithin, missed, shortAbandoned } = row;
  return [
    `Offered: ${offered} customer calls (one per Incoming leg starting in the range; the agents' legs of a call are not counted again).`,
    `Answered: ${answered} calls that some agent answered (a linked CallForward leg with status ANSWER); missed = offered - answered = ${missed}.`,
    `Short abandoned: ${shortAbandoned} missed calls whose Incoming leg lasted under ${shortAbandonSeconds} s (no duration counts as 0 s).`,
    `Service level = 100 x answered within ${answerWithinSeconds} s (${answeredWithin}) / (offered - short abandoned) (${offered} - ${shortAbandoned}) = ${pct(row.serviceLevelPercent)}.`,
    `Answer rate = 100 x answered (${answered}) / offered (${offered}) = ${pct(row.answerRatePercent)}.`,
    `Average time to answer = mean seconds from the first agent leg's start to the answer, over answered calls = ${avg(row.averageSecondsToAnswer, 's')}.`,
    `Average talk time = mean billsec of the answering leg, over answered calls = ${avg(row.averageTalkSeconds, 's')}.`,
    'Percentages and averages are rounded to 2 decimals, half away from zero.',
  ].join('\n');
}

/** The ServiceLevel object for a resolved range. */
export function toServiceLevel(
  row: ServiceLevelRow,
  range: ResolvedRange,
  answerWithinSeconds: number,
  shortAbandonSeconds: number,
) {
  return {
    range,
    answerWithinSeconds,
    shortAbandonSeconds,
    offered: row.offered,
    answered: row.answered,
    answeredWithin: row.answeredWithin,
    missed: row.missed,
    shortAbandoned: row.shortAbandoned,
    serviceLevelPercent: row.serviceLevelPercent,
    answerRatePercent: row.answerRatePercent,
    averageSecondsToAnswer: row.averageSecondsToAnswer,
    averageTalkSeconds: row.averageTalkSeconds,
    unlinkedForwardLegs: row.unlinkedForwardLegs,
    formula: serviceLevelFormula(row, answerWithinSeconds, shortAbandonSeconds),
  };
}
