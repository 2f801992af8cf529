import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar } from './scalars';

@ObjectType({ simpleResolvers: true })
export class SyncResult {
  @Field(() => DateScalar)
  fromDate!: string;

  @Field(() => DateScalar)
  toDate!: string;

  @Field(() => Int)
  pages!: number;

  @Field(() => Int, {
    description:
      'Pages identical to what the last completed sync of their day wrote; not written again.',
  })
  pagesUnchanged!: number;

  @Field(() => Int)
  fetched!: number;

  @Field(() => Int, { description: 'Rows inserted or changed; unchanged rows are not rewritten.' })
  upserted!: number;

  @Field(() => Int, {
    description: 'Records that could not be parsed; they are reported, never half-written.',
  })
  skipped!: number;

  @Field(() => Int, {
    description: 'Days not fetched because an earlier sync completed them after they had closed.',
  })
  daysSkipped!: number;

  @Field(() => Int)
  durationMs!: number;
}
