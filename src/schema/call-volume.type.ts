import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description:
    'Counts of call legs in the range by service. total counts every leg, of any service.',
})
export class CallVolume {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  incoming!: number;

  @Field(() => Int)
  forwarded!: number;

  @Field(() => Int)
  click2call!: number;
}
