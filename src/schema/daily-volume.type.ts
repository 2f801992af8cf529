import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description:
    'One IST day of the range; every day of the range appears, days without calls as zeros.',
})
export class DailyVolume {
  @Field(() => DateScalar)
  date!: string;

  @Field(() => Int)
  incoming!: number;

  @Field(() => Int)
  forwarded!: number;
}
