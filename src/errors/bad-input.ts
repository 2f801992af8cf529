import { AppError } from './app-error';
import { ErrorCode } from './error-code';

/** BAD_USER_INPUT naming the argument (`range.startDate`, `limit`, ...) in the message and extensions. */
export function badInput(argument: string, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${argument}: ${message}`, { argument });
}
