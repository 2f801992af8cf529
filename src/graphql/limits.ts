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
/** Fields whose `limit` defaults to DEFAULT_LIST_SIZE when the query gives none. */
const PAGED_FIELDS = new Set(['callList', 'customerCalls']);

/** What a selection set adds once expanded: its depth, its aliases and its cost at multiplier 1. */
interface Summary {
  depth: number;
  aliases: number;
  cost: number;
}

const EMPTY: Summary = { depth: 0, aliases: 0, cost: 0 };

// Sums saturate: a long enough chain would overflow to Infinity, and Infinity times a `limit: 0`
// is NaN, which compares below every limit.
const CAP = Number.MAX_SAFE_INTEGER;
const sat = (n: number) => Math.min(n, CAP);

/** How many times a field's children run: its `limit` literal, or a list's default page size. */
function childMultiplier(name: string, sizeArg: number | undefined): number {
  if (sizeArg !== undefined) return sizeArg;
  if (name === 'items') return 1;
  return PAGED_FIELDS.has(name) ? DEFAULT_LIST_SIZE : 1;
}

/**
 * The fragments that cannot be summed: spreads of unknown fragments, and cycles. graphql's
 * KnownFragmentNames and NoFragmentCycles rules report them; this rule only refuses to expand them.
 * One depth-first pass over the fragment graph, so it is linear in the document.
 */
function hasBrokenFragments(fragments: Map<string, FragmentDefinitionNode>): boolean {
  const state = new Map<string, 'visiting' | 'done'>();
  const spreadsOf = (set: SelectionSetNode, out: string[] = []): string[] => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) out.push(sel.name.value);
      else if (sel.selectionSet) spreadsOf(sel.selectionSet, out);
    }
    return out;
  };
  const broken = (name: string): boolean => {
    const s = state.get(name);
    if (s === 'done') return false;
    if (s === 'visiting') return true;
    const frag = fragments.get(name);
    if (!frag) return true;
    state.set(name, 'visiting');
    for (const next of spreadsOf(frag.selectionSet)) if (broken(next)) return true;
    state.set(name, 'done');
    return false;
  };
  for (const name of fragments.keys()) if (broken(name)) return true;
  return false;
}

/**
 * One validation rule for depth, aliases and cost, so an abusive query is refused before it runs.
 *
 * Each fragment is summarised once (depth, aliases, cost per unit multiplier) and every spread reuses
 * that summary scaled by the multiplier at the spread, so the work is linear in the document however
 * many times fragments spread each other: expanding them per path, as a naive walk does, doubles
 * with every level of a chain of fragments that each spread the next twice. A document with an
 * unknown or cyclic fragment is never expanded (graphql's own rules refuse it).
 */
export function operationLimitsRule(limits: OperationLimits = DEFAULT_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const fail = (message: string) =>
      context.reportError(toGraphQLError(new AppError(ErrorCode.BAD_USER_INPUT, message)));
    const broken = hasBrokenFragments(fragments);
    const memo = new Map<string, Summary>();

    const summarise = (set: SelectionSetNode): Summary => {
      let depth = 0;
      let aliases = 0;
      let cost = 0;
      for (const sel of set.selections) {
        let part: Summary;
        if (sel.kind === Kind.FIELD) {
          const sizeArg = sel.arguments?.find((a) => a.name.value === LIST_SIZE_ARG);
          const size = sizeArg?.value.kind === Kind.INT ? Number(sizeArg.value.value) : undefined;
          const below = sel.selectionSet ? summarise(sel.selectionSet) : EMPTY;
          const times = childMultiplier(sel.name.value, size);
          part = {
            depth: 1 + below.depth,
            aliases: sat((sel.alias ? 1 : 0) + below.aliases),
            cost: sat(1 + times * below.cost),
          };
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          part = summarise(sel.selectionSet);
        } else {
          part = fragmentSummary(sel.name.value);
        }
        depth = Math.max(depth, part.depth);
        aliases = sat(aliases + part.aliases);
        cost = sat(cost + part.cost);
      }
      return { depth, aliases, cost };
    };
    const fragmentSummary = (name: string): Summary => {
      let s = memo.get(name);
      if (!s) {
        s = summarise(fragments.get(name)!.selectionSet);
        memo.set(name, s);
      }
      return s;
    };

    return {
      OperationDefinition(node) {
        if (broken) return;
        const { depth, aliases, cost } = summarise(node.selectionSet);
        if (depth > limits.maxDepth) fail(`Query is too deep: at most ${limits.maxDepth} levels`);
        if (aliases > limits.maxAliases) fail(`Too many aliases: at most ${limits.maxAliases}`);
        if (cost > limits.maxCost)
          fail(`Query is too expensive: estimated cost over ${limits.maxCost}`);
      },
    };
  };
}
