import { Field, ID, Int, ObjectType } from 'type-graphql';
import { IvrCallStatus } from './ivr-call-status.enum';
import { DateTimeScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description: 'A call this server started (click-to-call or outbound), as stored in ivr_calls.',
})
export class IvrCall {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  kaleyraCallId?: string | null;

  @Field(() => String, { description: 'click2call or outbound.' })
  kind!: string;

  @Field(() => String)
  customerNumber!: string;

  @Field(() => String, { nullable: true })
  agentNumber?: string | null;

  @Field(() => String, { nullable: true })
  agentName?: string | null;

  @Field(() => IvrCallStatus)
  status!: IvrCallStatus;

  @Field(() => String, { nullable: true })
  kaleyraStatus?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the call could not be started, when it failed at once.',
  })
  failureReason?: string | null;

  @Field(() => Int, { nullable: true })
  duration?: number | null;

  @Field(() => Int, { nullable: true })
  billsec?: number | null;

  @Field(() => String, { nullable: true })
  recordingUrl?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endTime?: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
