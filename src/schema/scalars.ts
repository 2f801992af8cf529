import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { ErrorCode } from '../errors';
import { isIsoDate } from '../domain/ist';
import { GraphQLError } from 'graphql';

const invalid = (value: unknown) =>
  new GraphQLError(
    `Date must be a real calendar day written YYYY-MM-DD (got ${JSON.stringify(value)})`,
    {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    },
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
