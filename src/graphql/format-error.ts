import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import type { Logger } from '../logger';

// Codes that describe the client's request (every one of Apollo's but its internal error, and
// ours for auth); their messages are safe to return as they are.
const CLIENT_CODES = new Set<string>([
  ...Object.values(ApolloServerErrorCode).filter(
    (code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
  ),
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
]);

/**
 * Apollo's formatError: our AppErrors keep their code and message; client mistakes pass; anything
 * else is logged in full and reaches the client as INTERNAL_SERVER_ERROR. Every message is
 * scrubbed of secrets as a last net.
 */
export function createFormatError(logger: Logger, scrub: (s: string) => string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      if (
        original.code === ErrorCode.DATABASE_UNAVAILABLE ||
        original.code === ErrorCode.UPSTREAM_UNAVAILABLE
      ) {
        logger.warn(
          { err: original, cause: original.cause, path: formatted.path },
          original.message,
        );
      }
      return {
        ...base,
        message: scrub(original.message),
        extensions: { ...original.extensions, code: original.code },
      };
    }
    // A Date scalar (or similar) rejected an inline literal during validation: it is bad input.
    // So does an operation over the depth/alias/cost limits (see graphql/limits.ts).
    if (error instanceof GraphQLError) {
      const inner = error.originalError instanceof GraphQLError ? error.originalError : error;
      if (inner.extensions?.code === ErrorCode.BAD_USER_INPUT) {
        return {
          ...base,
          message: scrub(formatted.message),
          extensions: { code: ErrorCode.BAD_USER_INPUT },
        };
      }
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      return { ...base, message: scrub(formatted.message), extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in GraphQL operation');
    return {
      ...base,
      message: 'Internal server error',
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
