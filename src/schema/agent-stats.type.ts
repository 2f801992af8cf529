import { Field, Int, ObjectType } from 'type-graphql';

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
}
