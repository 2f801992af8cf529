import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description:
    "One IST day's customer calls (a call's day is its Incoming leg's), by outcome; every day of the range appears, days without calls as zeros.",
})
export class CustomerCallDay {
  @Field(() => DateScalar)
  date!: string;

  @Field(() => Int)
  offered!: number;

  @Field(() => Int)
  answered!: number;

  @Field(() => Int, { description: 'offered - answered.' })
  missed!: number;

  @Field(() => Int)
  notForwarded!: number;

  @Field(() => Int)
  callerHungUp!: number;

  @Field(() => Int)
  noAnswer!: number;
}
