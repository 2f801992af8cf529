import { Field, Int, ObjectType } from 'type-graphql';
import { MissedCaller } from './missed-caller.type';

@ObjectType({
  simpleResolvers: true,
  description:
    'firstMissedAt desc, then customerNumber asc (then the normalised number, so that pages never overlap).',
})
export class MissedCallerPage {
  @Field(() => [MissedCaller])
  items!: MissedCaller[];

  @Field(() => Int)
  totalCount!: number;

  @Field(() => Int)
  page!: number;

  @Field(() => Int)
  limit!: number;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}
