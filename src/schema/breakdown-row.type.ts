import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description:
    'Customer calls in the range grouped by one dimension; an empty or null key is reported as ' +
    'UNKNOWN (a key of blanks only counts as empty; keys are otherwise compared verbatim).',
})
export class BreakdownRow {
  @Field(() => String)
  key!: string;

  @Field(() => Int)
  offered!: number;

  @Field(() => Int)
  answered!: number;

  @Field(() => Float, { nullable: true, description: '100 * answered / offered, 2 decimals.' })
  answerRatePercent?: number | null;
}
