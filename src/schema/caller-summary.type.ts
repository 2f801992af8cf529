import { Field, Int, ObjectType } from 'type-graphql';
import { ResolvedRange } from './resolved-range.type';

@ObjectType({
  simpleResolvers: true,
  description:
    'uniqueCallers: distinct customerNumbers with a customer call in the range;\n' +
    'newCallers: of those, the ones with no customer call stored before the range starts;\n' +
    'repeatCallers: of those, the ones with 2 or more customer calls in the range.\n' +
    'Numbers are compared normalised (like ClickToCallInput), answered or not.',
})
export class CallerSummary {
  @Field(() => ResolvedRange)
  range!: ResolvedRange;

  @Field(() => Int)
  uniqueCallers!: number;

  @Field(() => Int)
  newCallers!: number;

  @Field(() => Int)
  repeatCallers!: number;
}
