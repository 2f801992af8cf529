import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description:
    "Status strings are Kaleyra's own (ANSWER, NOANSWER, ANSWERED-B, ...), kept verbatim.",
})
export class StatusCount {
  @Field(() => String)
  status!: string;

  @Field(() => Int)
  count!: number;
}
