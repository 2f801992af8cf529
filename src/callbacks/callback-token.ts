import { randomBytes } from 'node:crypto';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import type { Logger } from '../logger';

/**
 * The secret our callback URLs carry, one for every instance: the configured one, else one
 * generated once and kept in the database. It joins `secrets`, so logs and errors never show it.
 */
export async function createCallbackToken(
  configured: string | undefined,
  db: DashboardStore,
  secrets: string[],
  logger: Logger,
): Promise<string> {
  const candidate = randomBytes(24).toString('base64url');
  const token =
    configured ??
    (await db.sharedSecret('kaleyra_callback_token', candidate).catch((err: unknown) => {
      logger.warn(
        { err: (err as Error).message },
        'could not read the shared callback token (migrations pending?): this instance uses its own; set KALEYRA_CALLBACK_TOKEN when running several',
      );
      return candidate;
    }));
  if (!secrets.includes(token)) secrets.push(token);
  return token;
}
