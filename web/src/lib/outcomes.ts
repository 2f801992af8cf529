import type { CallOutcome } from '../generated/graphql';

/** The contract's CallOutcome in words, in the enum's order (the order serviceLevel answers). */
export const OUTCOME_LABELS: Record<CallOutcome, string> = {
  ANSWERED: 'Answered',
  NOT_FORWARDED: 'Not forwarded (left in the IVR)',
  CALLER_HUNG_UP: 'Caller hung up while ringing',
  NO_ANSWER: 'No agent answered',
};

export const OUTCOMES = Object.keys(OUTCOME_LABELS) as CallOutcome[];

/** Fill colours with at least 3:1 contrast on white. */
export const OUTCOME_COLOURS: Record<CallOutcome, string> = {
  ANSWERED: '#15803d',
  NOT_FORWARDED: '#6b21a8',
  CALLER_HUNG_UP: '#b45309',
  NO_ANSWER: '#b91c1c',
};
