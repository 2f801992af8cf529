import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; [k: string]: unknown };
  }[];
  raw: string;
}

/** Sends a typed document to a running server over real HTTP. */
export async function gql<T, V>(
  baseUrl: string,
  document: TypedDocumentNode<T, V>,
  variables?: V,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  return rawGql<T>(
    baseUrl,
    print(document),
    variables as Record<string, unknown> | undefined,
    headers,
  );
}

/** Sends a query string (for malformed or hand-written operations). */
export async function rawGql<T = unknown>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await res.text();
  let body: { data?: T; errors?: GraphQLResponse<T>['errors'] } = {};
  try {
    body = JSON.parse(raw);
  } catch {
    /* non-JSON answer: the test looks at raw */
  }
  return { status: res.status, data: body.data, errors: body.errors, raw };
}
