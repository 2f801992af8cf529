import { Field, Int, ObjectType } from 'type-graphql';
import { CallLog } from './call-log.type';

@ObjectType({ simpleResolvers: true, description: 'Newest first (startTime desc, then id desc).' })
export class CallListPage {
  @Field(() => [CallLog])
  items!: CallLog[];

  @Field(() => Int)
  totalCount!: number;

  @Field(() => Int)
  page!: number;

  @Field(() => Int)
  limit!: number;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}
