import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { operationResolutionError, withClientCode } from '../errors/graphql-error';
import { controlCharacterError } from './string-inputs';

export interface OperationRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface PreparedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string;
  variableValues?: Record<string, unknown>;
}

/**
 * Apollo Server's checks before execution, for a transport that is not Apollo (graphql-ws): parse,
 * validate with graphql's rules plus `rules` (the same list HTTP uses), pick the operation, coerce
 * the variables and check string inputs. A refusal carries the code HTTP gives for the same mistake
 * (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, OPERATION_RESOLUTION_FAILURE, BAD_USER_INPUT),
 * so formatError treats it as the client's error: answered as it is, never logged as internal.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  request: OperationRequest,
): PreparedOperation | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (err) {
    if (err instanceof GraphQLError) return [withClientCode(err, 'GRAPHQL_PARSE_FAILED')];
    throw err;
  }
  const invalid = validate(schema, document, [...specifiedRules, ...rules]);
  if (invalid.length > 0) return invalid.map((e) => withClientCode(e, 'GRAPHQL_VALIDATION_FAILED'));
  const operationName = request.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName
      ? `Unknown operation named "${operationName}".`
      : 'Must provide operation name if query contains multiple operations.';
    return [operationResolutionError(message)];
  }
  const variableValues = request.variables ?? undefined;
  // In Apollo's order: string inputs when the operation is resolved, then variable coercion.
  const control = controlCharacterError(document, operation, variableValues);
  if (control) return [control];
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    variableValues ?? {},
    {
      maxErrors: 10,
    },
  );
  if (coerced.errors) return coerced.errors.map((e) => withClientCode(e, 'BAD_USER_INPUT'));
  return { schema, document, operationName, variableValues };
}
