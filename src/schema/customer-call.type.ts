import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CallOutcome } from './call-outcome.enum';
import { DateTimeScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description:
    'A call a customer made: one Incoming leg and the CallForward legs linked to it (by ' +
    "parent_id, else by caller number and time window; see the contract's Customer calls " +
    "section). Its id is the Incoming leg's id; it is in a range when its Incoming leg starts in " +
    'it. answeredBy, answeredAt, secondsToAnswer, talkSeconds and recordingUrl are null when the ' +
    'call was not answered.',
})
export class CustomerCall {
  @Field(() => ID, { description: "The Incoming leg's id." })
  id!: string;

  @Field(() => String, {
    description: 'callfrom of the Incoming leg (masked for the roles in MASK_NUMBERS_FOR).',
  })
  customerNumber!: string;

  @Field(() => String, { description: 'callto of the Incoming leg (the DID dialled).' })
  did!: string;

  @Field(() => DateTimeScalar, { description: "The Incoming leg's start_time." })
  startTime!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "The Incoming leg's end_time; null when Kaleyra gave none.",
  })
  endTime?: Date | null;

  @Field(() => CallOutcome)
  outcome!: CallOutcome;

  @Field(() => String, {
    nullable: true,
    description:
      'callto of the answering leg: the earliest linked leg with status ANSWER (earliest ' +
      'start_time, then smallest id).',
  })
  answeredBy?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "The answering leg's start_time + max(0, duration - billsec) seconds (null counts as 0): " +
      "when the agent's phone stopped ringing.",
  })
  answeredAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Whole seconds, rounded down, from the start_time of the earliest linked CallForward leg ' +
      'to answeredAt: how long the caller waited once the IVR began ringing agents (time spent ' +
      'in the IVR menu before the first agent leg is not counted).',
  })
  secondsToAnswer?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'billsec of the answering leg (null counts as 0).',
  })
  talkSeconds?: number | null;

  @Field(() => Int, {
    description:
      'Number of linked CallForward legs (an agent rung twice counts twice), 0 when not forwarded.',
  })
  agentsTried!: number;

  @Field(() => String, {
    nullable: true,
    description: "The Incoming leg's location (telecom circle).",
  })
  location?: string | null;

  @Field(() => String, { nullable: true, description: "The Incoming leg's provider (carrier)." })
  provider?: string | null;

  /** The answering leg's id; recordingUrl reads that leg's recording. Not a GraphQL field. */
  answerLegId!: string | null;
}
