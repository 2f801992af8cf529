import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/**
 * The argument values of every selection of `fieldName` directly under the field being resolved
 * (through fragments too), variables applied. A parent resolver uses it to refuse a child's bad
 * arguments before any sibling field starts a query.
 */
export function subfieldArguments(
  info: GraphQLResolveInfo,
  fieldName: string,
): Record<string, unknown>[] {
  const parentType = getNamedType(info.returnType);
  if (!isObjectType(parentType)) return [];
  const fieldDef = parentType.getFields()[fieldName];
  if (!fieldDef) return [];
  const found: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === fieldName)
          found.push(getArgumentValues(fieldDef, sel, info.variableValues));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet);
      } else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        walk(info.fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return found;
}
