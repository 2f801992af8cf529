import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CallService } from './call-service.enum';
import { DateTimeScalar } from './scalars';

@ObjectType({ simpleResolvers: true, description: "One call leg from Kaleyra's call log." })
export class CallLog {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  uniqid?: string | null;

  @Field(() => String)
  callFrom!: string;

  @Field(() => String)
  callTo!: string;

  @Field(() => DateTimeScalar)
  startTime!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  endTime?: Date | null;

  @Field(() => Int, { nullable: true })
  duration?: number | null;

  @Field(() => Int, { nullable: true })
  billsec?: number | null;

  @Field(() => String)
  status!: string;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => String, { nullable: true })
  provider?: string | null;

  @Field(() => CallService)
  service!: CallService;

  @Field(() => String, { description: "Kaleyra's service string verbatim." })
  serviceName!: string;

  @Field(() => String, { nullable: true })
  callerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Absolute https URL of the recording, when there is one.',
  })
  recordingUrl?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  syncedAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "The agent's number: callto of a CallForward leg, callfrom of a Click2Call leg.",
  })
  agentNumber?: string | null;
}
