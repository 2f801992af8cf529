import { Field, ID, Int, ObjectType } from 'type-graphql';
import { IvrCallStatus } from './ivr-call-status.enum';
import { DateTimeScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description: "Pushed when Kaleyra's callback for a call reaches the REST webhook.",
})
export class CallStatusEvent {
  @Field(() => ID, { nullable: true })
  ivrCallId?: string | null;

  @Field(() => String, { nullable: true })
  kaleyraCallId?: string | null;

  @Field(() => String, { description: 'Leg 1: the agent for click-to-call.' })
  caller!: string;

  @Field(() => String, { description: 'Leg 2: the customer.' })
  receiver!: string;

  @Field(() => String, { nullable: true })
  agentName?: string | null;

  @Field(() => IvrCallStatus)
  status!: IvrCallStatus;

  @Field(() => String)
  kaleyraStatus!: string;

  @Field(() => Int, { nullable: true })
  duration?: number | null;

  @Field(() => Int, { nullable: true })
  billsec?: number | null;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endTime?: Date | null;

  @Field(() => String, { nullable: true })
  recordingUrl?: string | null;

  @Field(() => DateTimeScalar)
  receivedAt!: Date;
}
