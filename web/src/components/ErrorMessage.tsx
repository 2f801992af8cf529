import type { ErrorLike } from '@apollo/client';
import { describeError } from '../lib/errors';

/** A failed request, in words a person can act on. */
export function ErrorMessage({ error }: { error: ErrorLike }) {
  return (
    <p className="error" role="alert">
      {describeError(error)}
    </p>
  );
}
