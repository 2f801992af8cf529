import { registerEnumType } from 'type-graphql';

/** What became of a customer call (customer_calls.outcome holds the same names). */
export enum CallOutcome {
  ANSWERED = 'ANSWERED',
  NOT_FORWARDED = 'NOT_FORWARDED',
  CALLER_HUNG_UP = 'CALLER_HUNG_UP',
  NO_ANSWER = 'NO_ANSWER',
}

registerEnumType(CallOutcome, {
  name: 'CallOutcome',
  description:
    'ANSWERED: some linked CallForward leg has status ANSWER. Else NOT_FORWARDED when no leg ' +
    'is linked; else CALLER_HUNG_UP when the latest leg (latest start_time, then greatest id) ' +
    'has status CANCEL; else NO_ANSWER.',
  valuesConfig: {
    NOT_FORWARDED: {
      description: 'No agent was tried: the caller left in the IVR, or the IVR did not forward.',
    },
    CALLER_HUNG_UP: {
      description:
        "Not answered, and the caller hung up while an agent's phone rang (last leg CANCEL).",
    },
    NO_ANSWER: { description: 'Not answered by any agent tried.' },
  },
});

/** The enum's order: ServiceLevel.byOutcome lists all four in it. */
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  CallOutcome.ANSWERED,
  CallOutcome.NOT_FORWARDED,
  CallOutcome.CALLER_HUNG_UP,
  CallOutcome.NO_ANSWER,
];
