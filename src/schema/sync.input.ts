import { Field, InputType } from 'type-graphql';
import { DateScalar } from './scalars';

@InputType({ description: 'fromDate..toDate inclusive IST days; both default to today.' })
export class SyncCallLogsInput {
  @Field(() => DateScalar, { nullable: true })
  fromDate?: string | null;

  @Field(() => DateScalar, { nullable: true })
  toDate?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Re-fetch days that an earlier sync completed after they had closed (normally skipped). Pages identical to the ones last written are still not rewritten.',
  })
  force?: boolean | null;
}
