import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { AppError } from './app-error';
import { ErrorCode } from './error-code';

// Errors raised before an operation runs may set the response's HTTP status.
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { [ErrorCode.UNAUTHENTICATED]: 401 };

/**
 * An AppError as a GraphQLError, for the places where graphql-js or Apollo keep a code only from a
 * GraphQLError: a scalar's parser, a validation rule, a subscription's topic, Apollo's context
 * function (which also reads the HTTP status from it). Everywhere else, throw the AppError.
 */
export function toGraphQLError(err: AppError, httpStatus = HTTP_STATUS[err.code]): GraphQLError {
  return new GraphQLError(err.message, {
    extensions: {
      ...err.extensions,
      code: err.code,
      ...(httpStatus ? { http: { status: httpStatus } } : {}),
    },
  });
}

/** What formatError made of an error, as a GraphQLError again (graphql-ws sends GraphQLErrors). */
export function fromFormattedError(formatted: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(formatted.message, {
    path: formatted.path,
    extensions: formatted.extensions,
  });
}

/**
 * A graphql-js error (parse, validation, variable coercion) carrying the code HTTP gives the same
 * mistake, for a transport that is not Apollo (graphql-ws). As Apollo does, a code the original
 * carries (BAD_USER_INPUT from a scalar or from the limits rule) stays reachable through
 * originalError, which formatError looks at.
 */
export function withClientCode(e: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    originalError: e.originalError ?? e,
    extensions: { ...e.extensions, code },
  });
}

/** The request names no operation the document holds (Apollo's OPERATION_RESOLUTION_FAILURE). */
export function operationResolutionError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
}
