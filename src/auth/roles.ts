import type { AuthChecker } from 'type-graphql';
import type { Role, User } from './user';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';

const RANK: Record<Role, number> = { viewer: 1, agent: 2, admin: 3 };

/**
 * type-graphql's checker for @Authorized(role): the role or a stronger one. Every operation is
 * authenticated before it runs (see createContext), so a missing user here is a bug, not a client error.
 */
export const authChecker: AuthChecker<{ user: User | null }, Role> = ({ context }, roles) => {
  const user = context.user;
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Not authenticated');
  if (roles.length === 0) return true;
  if (roles.some((r) => RANK[user.role] >= RANK[r])) return true;
  throw new AppError(
    ErrorCode.FORBIDDEN,
    `This needs the ${roles.join(' or ')} role; you are ${user.role}`,
  );
};

/**
 * An agent pinned to a number (app_metadata.agent_number) may only call from it; an agent whose
 * pin is present but unusable may not call at all (a broken pin must not fail open).
 */
export function assertMayCallFrom(user: User | null, agentNumber: string): void {
  if (user?.role !== 'agent') return;
  if (user.agentPinInvalid) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      "Your token's app_metadata.agent_number is not a 10-digit Indian mobile number, so no call may start; ask an admin to correct it",
    );
  }
  if (user.agentNumber && user.agentNumber !== agentNumber) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Agents may only start calls from their own number');
  }
}
