import { Field, Int, ObjectType } from 'type-graphql';
import { CustomerCall } from './customer-call.type';

@ObjectType({ simpleResolvers: true, description: 'Newest first (startTime desc, then id desc).' })
export class CustomerCallPage {
  @Field(() => [CustomerCall])
  items!: CustomerCall[];

  @Field(() => Int)
  totalCount!: number;

  @Field(() => Int)
  page!: number;

  @Field(() => Int)
  limit!: number;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}
