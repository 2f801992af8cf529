import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description: 'An agent: the person behind a mobile number that Kaleyra forwards calls to.',
})
export class Agent {
  @Field(() => String)
  agentNumber!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
