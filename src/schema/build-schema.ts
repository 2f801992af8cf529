import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../resolvers';
import { authChecker } from '../auth/roles';
import { createAppPubSub, type AppPubSub } from '../subscriptions/pubsub';
import { DateTimeScalar } from './scalars';

/**
 * Builds the executable schema from the type-graphql classes (the only source of the schema).
 * Object types declare `simpleResolvers: true`: there are no global middlewares, so plain fields
 * are read straight off the object instead of through type-graphql's per-field wrapper.
 */
export async function buildAppSchema(
  pubSub: AppPubSub = createAppPubSub(),
): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    authChecker,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
}

/** The SDL committed as schema.graphql: sorted, so diffs show real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
