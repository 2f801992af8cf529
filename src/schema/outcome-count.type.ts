import { Field, Int, ObjectType } from 'type-graphql';
import { CallOutcome } from './call-outcome.enum';

@ObjectType({ simpleResolvers: true })
export class OutcomeCount {
  @Field(() => CallOutcome)
  outcome!: CallOutcome;

  @Field(() => Int)
  count!: number;
}
