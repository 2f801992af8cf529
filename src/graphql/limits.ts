import {
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { toGraphQLError } from '../errors/graphql-error';

export interface OperationLimits {
  /** Deepest field nesting. */
  maxDepth: number;
  /** Aliased fields in one operation (aliases multiply work cheaply). */
  maxAliases: number;
  /** Estimated cost: every field costs 1, times the page size of the lists above it. */
  maxCost: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 8, maxAliases: 15, maxCost: 10_000 };

const LIST_SIZE_ARG = 'limit';
const DEFAULT_LIST_SIZE = 50;

/**
 * One validation rule for depth, aliases and cost, so an abusive query is refused before it runs.
 * Fragments are expanded (each at most once per path, so cycles, which validation rejects anyway,
 * cannot loop).
 */
export function operationLimitsRule(limits: OperationLimits = DEFAULT_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const fail = (message: string) =>
      context.reportError(toGraphQLError(new AppError(ErrorCode.BAD_USER_INPUT, message)));

    const walk = (
      set: SelectionSetNode,
      depth: number,
      multiplier: number,
      seen: Set<string>,
      acc: { depth: number; aliases: number; cost: number },
    ) => {
      for (const sel of set.selections) {
        if (acc.depth > limits.maxDepth || acc.cost > limits.maxCost) return;
        if (sel.kind === Kind.FIELD) {
          if (sel.alias) acc.aliases++;
          acc.cost += multiplier;
          acc.depth = Math.max(acc.depth, depth);
          if (sel.selectionSet) {
            const sizeArg = sel.arguments?.find((a) => a.name.value === LIST_SIZE_ARG);
            const size =
              sizeArg?.value.kind === Kind.INT
                ? Number(sizeArg.value.value)
                : sel.name.value === 'items'
                  ? 1
                  : undefined;
            const next =
              multiplier * (size ?? (sel.name.value === 'callList' ? DEFAULT_LIST_SIZE : 1));
            walk(sel.selectionSet, depth + 1, next, seen, acc);
          }
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          walk(sel.selectionSet, depth, multiplier, seen, acc);
        } else {
          const frag = fragments.get(sel.name.value);
          if (frag && !seen.has(frag.name.value))
            walk(frag.selectionSet, depth, multiplier, new Set([...seen, frag.name.value]), acc);
        }
      }
    };

    return {
      OperationDefinition(node) {
        const acc = { depth: 0, aliases: 0, cost: 0 };
        walk(node.selectionSet, 1, 1, new Set(), acc);
        if (acc.depth > limits.maxDepth)
          fail(`Query is too deep: at most ${limits.maxDepth} levels`);
        if (acc.aliases > limits.maxAliases) fail(`Too many aliases: at most ${limits.maxAliases}`);
        if (acc.cost > limits.maxCost)
          fail(`Query is too expensive: estimated cost over ${limits.maxCost}`);
      },
    };
  };
}
