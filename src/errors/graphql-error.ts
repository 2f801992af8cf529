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
export function toGraphQLError(err: AppError): GraphQLError {
  const status = HTTP_STATUS[err.code];
  return new GraphQLError(err.message, {
    extensions: { ...err.extensions, code: err.code, ...(status ? { http: { status } } : {}) },
  });
}

/** What formatError made of an error, as a GraphQLError again (graphql-ws sends GraphQLErrors). */
export function fromFormattedError(formatted: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(formatted.message, {
    path: formatted.path,
    extensions: formatted.extensions,
  });
}
