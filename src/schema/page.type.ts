import { type ClassType, Field, Int, ObjectType } from 'type-graphql';

/**
 * The fields every page of a list shares. Each list declares its own named `@ObjectType` over it,
 * with its order in the description: `class CallListPage extends PageOf(CallLog) {}`.
 */
export function PageOf<TItem extends object>(itemType: ClassType<TItem>) {
  @ObjectType()
  abstract class Page {
    @Field(() => [itemType])
    items!: TItem[];

    @Field(() => Int)
    totalCount!: number;

    @Field(() => Int)
    page!: number;

    @Field(() => Int)
    limit!: number;

    @Field(() => Boolean)
    hasNextPage!: boolean;
  }
  return Page;
}
