/** A timestamp column as a Date: pg gives Dates, PostgREST gives ISO strings. */
export const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

export const toDateOrNull = (v: Date | string | null): Date | null =>
  v == null ? null : toDate(v);
