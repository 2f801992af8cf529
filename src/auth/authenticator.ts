import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { User } from './user';
import { normalizePhone } from '../domain/phone';
import { unauthenticated } from '../errors/unauthenticated';

const ROLES = new Set(['viewer', 'agent', 'admin']);

/**
 * Verifies bearer JWTs: HS256 with AUTH_JWT_SECRET (what Supabase Auth issues) and/or asymmetric
 * keys from AUTH_JWKS_URL. The role comes from app_metadata.role (viewer | agent | admin), and an
 * agent may be pinned to one number by app_metadata.agent_number.
 */
export class Authenticator {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(options: { jwtSecret?: string; jwksUrl?: string; disabled?: boolean }) {
    this.disabled = options.disabled ?? false;
    if (options.jwtSecret) this.secret = new TextEncoder().encode(options.jwtSecret);
    if (options.jwksUrl)
      this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5_000 });
  }

  readonly disabled: boolean;

  /** The user of an `Authorization` header value (or a bare token); throws UNAUTHENTICATED (an AppError). */
  async authenticate(header: unknown): Promise<User> {
    if (this.disabled) return { id: 'auth-disabled', role: 'admin' };
    if (typeof header !== 'string' || header.trim() === '')
      throw unauthenticated('Missing Authorization: Bearer <JWT>');
    const match = /^(?:Bearer\s+)?([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(
      header.trim(),
    );
    if (!match) throw unauthenticated('Authorization must be "Bearer <JWT>"');
    const payload = await this.verify(match[1]!);
    return toUser(payload);
  }

  private async verify(token: string): Promise<JWTPayload> {
    const attempts: Array<() => Promise<JWTPayload>> = [];
    if (this.secret)
      attempts.push(
        async () => (await jwtVerify(token, this.secret!, { algorithms: ['HS256'] })).payload,
      );
    if (this.jwks)
      attempts.push(
        async () =>
          (await jwtVerify(token, this.jwks!, { algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'] }))
            .payload,
      );
    if (attempts.length === 0) throw unauthenticated('No way to verify tokens is configured');
    let expired = false;
    for (const attempt of attempts) {
      try {
        return await attempt();
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_JWT_EXPIRED') expired = true;
      }
    }
    // Never echo the token or the verifier's detail: a message is all the client needs.
    throw unauthenticated(expired ? 'Token expired' : 'Invalid token');
  }
}

function toUser(payload: JWTPayload): User {
  const meta = (payload.app_metadata ?? {}) as Record<string, unknown>;
  const role = meta.role;
  if (typeof role !== 'string' || !ROLES.has(role))
    throw unauthenticated('Token has no app_metadata.role (viewer, agent or admin)');
  const pinned = typeof meta.agent_number === 'string' ? normalizePhone(meta.agent_number) : null;
  return {
    id: typeof payload.sub === 'string' ? payload.sub : 'unknown',
    role: role as User['role'],
    ...(pinned ? { agentNumber: pinned } : {}),
  };
}
