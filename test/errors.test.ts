import { GraphQLError } from 'graphql';
import { KaleyraAbortedError } from '../src/datasources/kaleyra/errors/kaleyra-aborted-error';
import { KaleyraApiError } from '../src/datasources/kaleyra/errors/kaleyra-api-error';
import { KaleyraError } from '../src/datasources/kaleyra/errors/kaleyra-error';
import { KaleyraHttpError } from '../src/datasources/kaleyra/errors/kaleyra-http-error';
import { KaleyraNetworkError } from '../src/datasources/kaleyra/errors/kaleyra-network-error';
import { KaleyraParseError } from '../src/datasources/kaleyra/errors/kaleyra-parse-error';
import { KaleyraTimeoutError } from '../src/datasources/kaleyra/errors/kaleyra-timeout-error';
import { AppError } from '../src/errors/app-error';
import { badInput } from '../src/errors/bad-input';
import { DatabaseUnavailableError } from '../src/errors/database-unavailable-error';
import { ErrorCode } from '../src/errors/error-code';
import { fromKaleyraError } from '../src/errors/from-kaleyra-error';
import { fromFormattedError, toGraphQLError } from '../src/errors/graphql-error';
import { SyncWindowError } from '../src/errors/sync-window-error';
import { unauthenticated } from '../src/errors/unauthenticated';
import { createFormatError } from '../src/graphql/format-error';
import { createLogger } from '../src/logger';

describe('one code per Kaleyra failure (calls and sync alike)', () => {
  const cases: [KaleyraError, ErrorCode][] = [
    [new KaleyraTimeoutError('dial.click2call', 10_000), ErrorCode.UPSTREAM_UNAVAILABLE],
    [
      new KaleyraNetworkError('dial', 'connect ECONNREFUSED', 'ECONNREFUSED'),
      ErrorCode.UPSTREAM_UNAVAILABLE,
    ],
    [new KaleyraHttpError('voice.call', 503), ErrorCode.UPSTREAM_UNAVAILABLE],
    [new KaleyraHttpError('dial', 500), ErrorCode.UPSTREAM_UNAVAILABLE],
    [new KaleyraHttpError('dial', 429, 1_000), ErrorCode.UPSTREAM_UNAVAILABLE],
    [new KaleyraHttpError('dial', 408), ErrorCode.UPSTREAM_UNAVAILABLE],
    [
      new KaleyraParseError('dial', 'body is not JSON (12 bytes)', 200),
      ErrorCode.UPSTREAM_UNAVAILABLE,
    ],
    [new KaleyraApiError('dial.click2call', 'Invalid API key', '401'), ErrorCode.UPSTREAM_ERROR],
    [new KaleyraHttpError('dial', 404), ErrorCode.UPSTREAM_ERROR],
    [new KaleyraAbortedError('dial'), ErrorCode.UPSTREAM_ERROR],
    [new KaleyraError('dial', 'more than 100000 pages; giving up'), ErrorCode.UPSTREAM_ERROR],
  ];

  it.each(cases.map(([err, code]) => [err.message, code, err] as const))(
    '%s → %s',
    (_name, code, err) => {
      const started = fromKaleyraError(err, 'Kaleyra did not start the call', { ivrCallId: 'x' });
      expect(started).toBeInstanceOf(AppError);
      expect(started).toMatchObject({
        code,
        message: `Kaleyra did not start the call: ${err.message}`,
        extensions: { ivrCallId: 'x' },
        cause: err,
      });
      // A sync's window takes the same code for the same failure.
      expect(new SyncWindowError('2026-02-20', err).code).toBe(code);
    },
  );

  it('retries exactly what it calls unavailable', () => {
    for (const [err, code] of cases) {
      expect(err.transient).toBe(code === ErrorCode.UPSTREAM_UNAVAILABLE);
    }
  });

  it("keeps an AppError's code in a sync window, and hides an unexpected error's message", () => {
    expect(new SyncWindowError('2026-02-20', new DatabaseUnavailableError())).toMatchObject({
      code: ErrorCode.DATABASE_UNAVAILABLE,
      extensions: { day: '2026-02-20' },
    });
    const internal = new SyncWindowError('2026-02-20', new Error('secret detail'));
    expect(internal.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(internal.message).toBe(
      'sync of IST day 2026-02-20 failed: unexpected error. Earlier days are saved; run the sync again to resume from 2026-02-20.',
    );
  });
});

describe('AppError as a GraphQLError', () => {
  it('carries the code and extensions, and HTTP 401 for UNAUTHENTICATED only', () => {
    const bad = toGraphQLError(badInput('agentNumber', 'is not a number'));
    expect(bad).toBeInstanceOf(GraphQLError);
    expect(bad.message).toBe('agentNumber: is not a number');
    expect(bad.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'agentNumber' });
    expect(toGraphQLError(unauthenticated('Invalid token')).extensions).toEqual({
      code: 'UNAUTHENTICATED',
      http: { status: 401 },
    });
  });

  it('turns a formatted error back into an equal GraphQLError', () => {
    const formatted = { message: 'm', path: ['a', 0], extensions: { code: 'FORBIDDEN' } };
    expect(fromFormattedError(formatted).toJSON()).toEqual(formatted);
  });
});

describe('formatError', () => {
  const format = createFormatError(createLogger({ level: 'silent' }), (s) => s);
  const graphqlError = (code: string) =>
    new GraphQLError(`a ${code} error`, { extensions: { code } });

  it("passes every Apollo client code and ours for auth; masks Apollo's internal error", () => {
    for (const code of [
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'BAD_USER_INPUT',
      'BAD_REQUEST',
      'OPERATION_RESOLUTION_FAILURE',
      'PERSISTED_QUERY_NOT_FOUND',
      'PERSISTED_QUERY_NOT_SUPPORTED',
      'UNAUTHENTICATED',
      'FORBIDDEN',
    ]) {
      const e = graphqlError(code);
      expect(format(e.toJSON(), e)).toEqual({ message: `a ${code} error`, extensions: { code } });
    }
    for (const code of ['INTERNAL_SERVER_ERROR', 'SOMETHING_ELSE']) {
      const e = graphqlError(code);
      expect(format(e.toJSON(), e)).toEqual({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
  });
});
