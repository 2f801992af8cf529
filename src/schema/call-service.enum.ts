import { registerEnumType } from 'type-graphql';

/** Kaleyra's service of a leg. OTHER stands for a service string this server does not know yet. */
export enum CallService {
  INCOMING = 'INCOMING',
  CALL_FORWARD = 'CALL_FORWARD',
  CLICK2CALL = 'CLICK2CALL',
  OTHER = 'OTHER',
}

registerEnumType(CallService, {
  name: 'CallService',
  description:
    "Kaleyra's service of a call leg: Incoming (IVR leg), CallForward (one agent leg), Click2Call.",
  valuesConfig: {
    OTHER: {
      description: 'A service Kaleyra reported that is none of the above; see CallLog.serviceName.',
    },
  },
});

const TO_KALEYRA: Record<Exclude<CallService, CallService.OTHER>, string> = {
  [CallService.INCOMING]: 'Incoming',
  [CallService.CALL_FORWARD]: 'CallForward',
  [CallService.CLICK2CALL]: 'Click2Call',
};

/** Kaleyra's service string for a filter ('OTHER' means "none of the known ones"). */
export function kaleyraService(service: CallService): string {
  return service === CallService.OTHER ? 'OTHER' : TO_KALEYRA[service];
}

export function callServiceOf(kaleyra: string): CallService {
  switch (kaleyra) {
    case 'Incoming':
      return CallService.INCOMING;
    case 'CallForward':
      return CallService.CALL_FORWARD;
    case 'Click2Call':
      return CallService.CLICK2CALL;
    default:
      return CallService.OTHER;
  }
}
