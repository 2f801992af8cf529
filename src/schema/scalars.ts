import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { toGraphQLError } from '../errors/graphql-error';
import { isIsoDate } from '../domain/ist';

/**
 * The first day a Date input may name. IST days are UTC+05:30 here, as Postgres's Asia/Kolkata
 * is only since 1945 (before that it follows local mean time and war time), so the SQL would
 * count older days differently; and no call log is older than 1970.
 */
export const FIRST_DATE = '1970-01-01';

// A GraphQLError: graphql-js keeps a scalar's own message and code only from one.
const invalid = (value: unknown) => {
  const early = typeof value === 'string' && isIsoDate(value) && value < FIRST_DATE;
  return toGraphQLError(
    new AppError(
      ErrorCode.BAD_USER_INPUT,
      early
        ? `Date must be ${FIRST_DATE} or later (got ${JSON.stringify(value)})`
        : `Date must be a real calendar day written YYYY-MM-DD (got ${JSON.stringify(value)})`,
    ),
  );
};

const acceptable = (value: unknown): value is string =>
  typeof value === 'string' && isIsoDate(value) && value >= FIRST_DATE;

/** An IST calendar day, "YYYY-MM-DD". Values are plain strings inside the server. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in Asia/Kolkata, written YYYY-MM-DD.',
  serialize(value) {
    if (typeof value === 'string' && isIsoDate(value)) return value;
    throw new TypeError(`Date cannot represent ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (acceptable(value)) return value;
    throw invalid(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && acceptable(ast.value)) return ast.value;
    throw invalid(ast.kind === Kind.STRING ? ast.value : ast.kind);
  },
});

/** RFC 3339 instants; JS Dates inside the server. */
export const DateTimeScalar = DateTimeResolver;
