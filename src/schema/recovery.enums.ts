import { registerEnumType } from 'type-graphql';

/** Whether a missed-call episode is still waiting for someone to reach the customer. */
export enum RecoveryState {
  OPEN = 'OPEN',
  RECOVERED = 'RECOVERED',
}

registerEnumType(RecoveryState, { name: 'RecoveryState' });

/** What closed a missed-call episode (customer_call_episodes.recovered_by holds the same names). */
export enum RecoveryKind {
  CALLED_BACK = 'CALLED_BACK',
  CALLER_CALLED_AGAIN = 'CALLER_CALLED_AGAIN',
}

registerEnumType(RecoveryKind, {
  name: 'RecoveryKind',
  valuesConfig: {
    CALLED_BACK: { description: 'An agent called the customer and the call was answered.' },
    CALLER_CALLED_AGAIN: { description: 'The customer called again and an agent answered.' },
  },
});

/** What callBreakdown groups customer calls by. */
export enum BreakdownDimension {
  LOCATION = 'LOCATION',
  PROVIDER = 'PROVIDER',
  DID = 'DID',
}

registerEnumType(BreakdownDimension, {
  name: 'BreakdownDimension',
  valuesConfig: {
    LOCATION: { description: "The Incoming leg's location (telecom circle)." },
    PROVIDER: { description: "The Incoming leg's provider (carrier)." },
    DID: { description: "The Incoming leg's callto (the DID dialled)." },
  },
});
