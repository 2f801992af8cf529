import { Field, Int, ObjectType } from 'type-graphql';
import { RecoveryKind, RecoveryState } from './recovery.enums';
import { DateTimeScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description:
    'Missed-call recovery. Episodes are built over everything stored; a range only selects ' +
    'episodes by their first missed call. For each customer number (normalised like ' +
    'ClickToCallInput), in time order (at the same instant, a missed call comes before a ' +
    'recovering event):\n' +
    '- an unanswered customer call (outcome != ANSWERED) opens an episode at its Incoming ' +
    'start_time, or joins the episode already open for that number;\n' +
    '- a recovering event closes the open episode: an answered customer call from that number ' +
    '(CALLER_CALLED_AGAIN, at its Incoming start_time), a Click2Call leg to that number (callto) ' +
    'with status ANSWER (CALLED_BACK, at its start_time), or a click-to-call this server started ' +
    'to that number whose status became ANSWERED (CALLED_BACK, at its startTime, else when the ' +
    "ANSWERED callback was stored). Only events strictly after the episode's first missed call " +
    'close it.\n' +
    'Later missed calls join an open episode even after the range ends, and recovery may come ' +
    'after the range ends (up to now).\n' +
    'Readings: a click-to-call and its Click2Call leg in the synced log (the leg whose id is the ' +
    "click-to-call's Kaleyra id) are one call: once the click-to-call is ANSWERED it is the event " +
    '(its time and agent), and the leg adds nothing; a leg whose click-to-call did not report ' +
    'ANSWERED still counts when the log says ANSWER. Only click-to-calls (not outbound IVR ' +
    'calls, which have no agent) call back. Events at the same instant are taken by id.',
})
export class MissedCaller {
  @Field(() => String, {
    description:
      "callfrom of the episode's first missed call, verbatim (masked for the roles in " +
      'MASK_NUMBERS_FOR); calls are grouped by its normalised form.',
  })
  customerNumber!: string;

  @Field(() => Int, { description: 'Unanswered customer calls in the episode.' })
  missedCalls!: number;

  @Field(() => DateTimeScalar)
  firstMissedAt!: Date;

  @Field(() => DateTimeScalar)
  lastMissedAt!: Date;

  @Field(() => RecoveryState)
  state!: RecoveryState;

  @Field(() => DateTimeScalar, { nullable: true })
  recoveredAt?: Date | null;

  @Field(() => RecoveryKind, { nullable: true })
  recoveredBy?: RecoveryKind | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The agent who called back (Click2Call callfrom / the click-to-call's agent), or who " +
      'answered the caller.',
  })
  recoveredByAgent?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Whole seconds (rounded down) from firstMissedAt to recoveredAt.',
  })
  secondsToRecovery?: number | null;
}
