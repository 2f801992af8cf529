import type { Logger } from '../logger';
import type { Role, User } from '../auth/user';
import type { Context, DataSources } from './context.type';
import { createLoaders } from './loaders';

export interface ContextDeps {
  dataSources: DataSources;
  logger: Logger;
  now?: () => Date;
  /** Roles that see customer numbers masked. */
  maskNumbersFor?: readonly Role[];
}

/** A fresh context for one operation (HTTP request or WebSocket subscribe). */
export function createContext(deps: ContextDeps, user: User | null): Context {
  return {
    user,
    dataSources: deps.dataSources,
    loaders: createLoaders(deps.dataSources.db),
    logger: deps.logger,
    maskNumbers: user !== null && (deps.maskNumbersFor ?? []).includes(user.role),
    now: deps.now ?? (() => new Date()),
  };
}
