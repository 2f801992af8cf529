import { Field, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description: 'What the call-log sync has done, for a dashboard\'s "last synced" line.',
})
export class SyncStatus {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When a sync last completed an IST day; null before the first sync.',
  })
  lastCompletedAt?: Date | null;

  @Field(() => DateScalar, { nullable: true, description: 'The IST day that sync completed.' })
  lastCompletedDay?: string | null;
}
