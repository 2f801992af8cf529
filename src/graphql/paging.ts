import { badInput } from '../errors/bad-input';

export const MAX_LIMIT = 200;
export const MAX_PAGE = 1_000_000;

/** BAD_USER_INPUT naming the argument unless page is 1..MAX_PAGE and limit 1..MAX_LIMIT. */
export function checkPaging(page: number, limit: number): void {
  if (page < 1 || page > MAX_PAGE)
    throw badInput('page', `must be in 1..${MAX_PAGE} (got ${page})`);
  if (limit < 1 || limit > MAX_LIMIT)
    throw badInput('limit', `must be in 1..${MAX_LIMIT} (got ${limit})`);
}

/** A page of items with its count, as every paged query answers. */
export function pageOf<T>(items: T[], totalCount: number, page: number, limit: number) {
  return { items, totalCount, page, limit, hasNextPage: page * limit < totalCount };
}
