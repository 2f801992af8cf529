import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  type GraphQLError,
  visit,
  type DocumentNode,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { hasControlCharacters } from '../domain/formats';
import { badInput } from '../errors/bad-input';
import { toGraphQLError } from '../errors/graphql-error';

const MESSAGE = 'must not contain control characters (U+0000 to U+001F, U+007F)';

/**
 * BAD_USER_INPUT (HTTP 400) naming the first string input that holds NUL or another control
 * character: an argument literal (`filter.status`), or a variable's value, named by the argument it
 * is passed to (`input.agentName` for `clickToCall(input: $input)`, else `$input.agentName`).
 *
 * Every string anywhere in the arguments and the variables is checked, whatever its schema type, so
 * inputs added later are covered without a list to keep up to date. It runs once the operation is
 * resolved and before anything executes: no resolver, no write and no rate-limit unit is spent on
 * such input (Postgres would refuse NUL anyway, as an internal error).
 */
export function controlCharacterError(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): GraphQLError | undefined {
  let found: string | undefined;
  // Where each variable is first passed: the argument path its value stands for.
  const usedAs = new Map<string, string>();
  const literal = (value: ValueNode, path: string): void => {
    if (found) return;
    switch (value.kind) {
      case Kind.STRING:
        if (hasControlCharacters(value.value)) found = path;
        return;
      case Kind.VARIABLE:
        if (!usedAs.has(value.name.value)) usedAs.set(value.name.value, path);
        return;
      case Kind.LIST:
        value.values.forEach((v, i) => literal(v, `${path}[${i}]`));
        return;
      case Kind.OBJECT:
        for (const f of value.fields) literal(f.value, `${path}.${f.name.value}`);
        return;
      default:
        return;
    }
  };
  visit(document, {
    Argument: (node) => literal(node.value, node.name.value),
    VariableDefinition: (node) => {
      if (node.defaultValue) literal(node.defaultValue, `$${node.variable.name.value}`);
    },
  });
  if (!found && variables) {
    for (const def of operation.variableDefinitions ?? []) {
      const name = def.variable.name.value;
      found = firstControlCharacter(variables[name], usedAs.get(name) ?? `$${name}`);
      if (found) break;
    }
  }
  if (!found) return undefined;
  // HTTP 400, as Apollo answers variables that do not coerce.
  return toGraphQLError(badInput(found, MESSAGE), 400);
}

/** The path of the first string holding a control character in a JSON value (iterative: bodies nest deep). */
function firstControlCharacter(value: unknown, root: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasControlCharacters(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push([entries[i]![1], `${path}.${entries[i]![0]}`]);
    }
  }
  return undefined;
}

/** Apollo Server's side of controlCharacterError: refuses the request before execution starts. */
export function stringInputsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          // Apollo calls this even when no operation matched; execution then reports that.
          if (!operation) return;
          const err = controlCharacterError(document, operation, request.variables);
          if (err) throw err;
        },
      };
    },
  };
}
