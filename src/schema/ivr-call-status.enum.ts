import { registerEnumType } from 'type-graphql';

/** Our own statuses for calls this server started; Kaleyra's raw status is kept beside it. */
export enum IvrCallStatus {
  INITIATED = 'INITIATED',
  ANSWERED = 'ANSWERED',
  BUSY = 'BUSY',
  MISSED = 'MISSED',
  CANCELLED = 'CANCELLED',
  FAILED = 'FAILED',
}

registerEnumType(IvrCallStatus, {
  name: 'IvrCallStatus',
  description:
    "Our own statuses for calls this server started; Kaleyra's raw status is kept beside it.",
});
