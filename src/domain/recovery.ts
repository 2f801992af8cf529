import { badInput } from '../errors/bad-input';

export const WITHIN_HOURS = { min: 1, max: 720 } as const;

/** BAD_USER_INPUT naming the argument unless withinHours is 1..720. */
export function checkWithinHours(withinHours: number): void {
  const { min, max } = WITHIN_HOURS;
  if (withinHours < min || withinHours > max)
    throw badInput('withinHours', `must be in ${min}..${max} (got ${withinHours})`);
}
