import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description:
    "One agent's CallForward legs in the range (agentNumber = the leg's callto).\n" +
    'callsAnswered: legs with status ANSWER. missedCalls: legs with any other status.\n' +
    'totalTalkSeconds: sum of billsec over the answered legs.',
})
export class AgentStats {
  @Field(() => String)
  agentNumber!: string;

  @Field(() => Int)
  callsAnswered!: number;

  @Field(() => Int)
  totalTalkSeconds!: number;

  @Field(() => Int)
  missedCalls!: number;

  @Field(() => Int, { description: 'callsAnswered + missedCalls: the legs that rang this agent.' })
  offered!: number;

  @Field(() => Float, {
    nullable: true,
    description: '100 * callsAnswered / offered, rounded to 2 decimals; null when offered is 0.',
  })
  answerRatePercent?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'totalTalkSeconds / callsAnswered, rounded to 2 decimals; null when callsAnswered is 0.',
  })
  averageTalkSeconds?: number | null;

  @Field(() => Int, {
    description:
      'Of missedCalls (legs counted by their own start_time, as missedCalls is), the legs whose\n' +
      "customer call nobody answered (see CustomerCall), wherever that call's Incoming leg falls:\n" +
      'the misses that lost a customer, as opposed to those a colleague picked up. Unlinked legs\n' +
      'are not counted here.',
  })
  missedCallsLost!: number;
}
