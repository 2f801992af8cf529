import { AppError } from './app-error';
import { ErrorCode } from './error-code';

/** No valid token. Raised before an operation runs, it is answered with HTTP 401 (toGraphQLError). */
export function unauthenticated(message: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message);
}
