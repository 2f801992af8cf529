import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { toGraphQLError } from '../errors/graphql-error';
import { isIsoDate } from '../domain/ist';

// A GraphQLError: graphql-js keeps a scalar's own message and code only from one.
const invalid = (value: unknown) =>
  toGraphQLError(
    new AppError(
      ErrorCode.BAD_USER_INPUT,
      `Date must be a real calendar day written YYYY-MM-DD (got ${JSON.stringify(value)})`,
    ),
  );

/** An IST calendar day, "YYYY-MM-DD". Values are plain strings inside the server. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in Asia/Kolkata, written YYYY-MM-DD.',
  serialize(value) {
    if (typeof value === 'string' && isIsoDate(value)) return value;
    throw new TypeError(`Date cannot represent ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (typeof value === 'string' && isIsoDate(value)) return value;
    throw invalid(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && isIsoDate(ast.value)) return ast.value;
    throw invalid(ast.kind === Kind.STRING ? ast.value : ast.kind);
  },
});

/** RFC 3339 instants; JS Dates inside the server. */
export const DateTimeScalar = DateTimeResolver;
