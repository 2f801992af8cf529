import { Field, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description: 'The range a query actually covered: [start, end) as instants, and the IST days.',
})
export class ResolvedRange {
  @Field(() => DateTimeScalar)
  start!: Date;

  @Field(() => DateTimeScalar)
  end!: Date;

  @Field(() => DateScalar)
  startDate!: string;

  @Field(() => DateScalar)
  endDate!: string;
}
