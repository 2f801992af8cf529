import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import { Authenticator } from './authenticator';

export interface AuthSettings {
  /** HS256 secret (AUTH_JWT_SECRET). */
  jwtSecret?: string;
  /** JWKS endpoint for asymmetric tokens (AUTH_JWKS_URL). */
  jwksUrl?: string;
  /** Everyone is admin (AUTH_DISABLED). */
  disabled: boolean;
  /** Refuse tokens issued longer ago than this (AUTH_MAX_TOKEN_AGE_SECONDS). */
  maxTokenAgeSeconds?: number;
}

/**
 * The authenticator of the settings. Auth stays on in the demo: with no way to verify tokens
 * configured, a secret is generated for this process (it joins `secrets`, so logs never show it)
 * and returned as `demoSecret`, to mint a demo admin token with once the server listens.
 */
export function createAuthenticator(
  settings: AuthSettings,
  secrets: string[],
  logger: Logger,
): { authenticator: Authenticator; demoSecret?: string } {
  let demoSecret: string | undefined;
  if (!settings.disabled && !settings.jwtSecret && !settings.jwksUrl) {
    demoSecret = randomBytes(32).toString('base64url');
    secrets.push(demoSecret);
  }
  if (settings.disabled)
    logger.warn(
      'auth: AUTH_DISABLED=true: every caller is admin (refused when NODE_ENV=production)',
    );
  const authenticator = new Authenticator({
    jwtSecret: settings.jwtSecret ?? demoSecret,
    jwksUrl: settings.jwksUrl,
    disabled: settings.disabled,
    maxTokenAgeSeconds: settings.maxTokenAgeSeconds,
  });
  return { authenticator, demoSecret };
}
