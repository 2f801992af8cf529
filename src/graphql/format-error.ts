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

/** graphql's "Did you mean …?" tail, which names fields, arguments, types and enum values. */
const SUGGESTION_RE = / ?Did you mean .+\?$/s;

export interface FormatErrorOptions {
  /**
   * Drop graphql's "Did you mean …?" suggestions from client errors (production), so a probe
   * cannot read the schema out of them with introspection off. Validation and variable errors
   * alike, over HTTP and graphql-ws, since both format through here.
   */
  hideSchemaSuggestions?: boolean;
}

/**
 * Apollo's formatError: our AppErrors keep their code and message; client mistakes pass; anything
 * else is logged in full and reaches the client as INTERNAL_SERVER_ERROR. Every message is
 * scrubbed of secrets as a last net.
 */
export function createFormatError(
  logger: Logger,
  scrub: (s: string) => string,
  options: FormatErrorOptions = {},
) {
  const clientMessage = (message: string) =>
    scrub(options.hideSchemaSuggestions ? message.replace(SUGGESTION_RE, '') : message);
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
        const argument = inner.extensions.argument;
        return {
          ...base,
          message: clientMessage(formatted.message),
          extensions: {
            code: ErrorCode.BAD_USER_INPUT,
            ...(typeof argument === 'string' ? { argument } : {}),
          },
        };
      }
      // Apollo refuses some malformed requests (a persisted query whose sha256 does not match its
      // text, an unsupported persisted-query version) with an HTTP 4xx but no code: the client's
      // mistake, so Apollo's code for a bad request, not an internal error.
      const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
      if (error.extensions?.code === undefined && typeof status === 'number' && status < 500) {
        return {
          ...base,
          message: clientMessage(formatted.message),
          extensions: { code: 'BAD_REQUEST' },
        };
      }
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      return { ...base, message: clientMessage(formatted.message), extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in GraphQL operation');
    return {
      ...base,
      message: 'Internal server error',
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
