import {
  createRemoteJWKSet,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import type { User } from './user';
import { normalizePhone } from '../domain/phone';
import { unauthenticated } from '../errors/unauthenticated';

const ROLES = new Set(['viewer', 'agent', 'admin']);

/** How far the issuer's clock may be ahead of ours (iat, nbf) or behind it (exp). */
export const CLOCK_SKEW_SECONDS = 30;

/**
 * Verifies bearer JWTs: HS256 with AUTH_JWT_SECRET (what Supabase Auth issues) and/or asymmetric
 * keys from AUTH_JWKS_URL. The role comes from app_metadata.role (viewer | agent | admin), and an
 * agent may be pinned to one number by app_metadata.agent_number.
 */
export class Authenticator {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly maxTokenAgeSeconds?: number;

  constructor(options: {
    jwtSecret?: string;
    jwksUrl?: string;
    disabled?: boolean;
    /** Refuse tokens issued longer ago than this (they must then carry iat). */
    maxTokenAgeSeconds?: number;
  }) {
    this.disabled = options.disabled ?? false;
    this.maxTokenAgeSeconds = options.maxTokenAgeSeconds;
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
    // exp is required: a token without one would be valid for ever. iat in the future is refused
    // even without a maximum age (jose checks it only with maxTokenAge).
    const options: JWTVerifyOptions = {
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      ...(this.maxTokenAgeSeconds ? { maxTokenAge: this.maxTokenAgeSeconds } : {}),
    };
    const attempts: Array<() => Promise<JWTPayload>> = [];
    if (this.secret)
      attempts.push(
        async () =>
          (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload,
      );
    if (this.jwks)
      attempts.push(
        async () =>
          (
            await jwtVerify(token, this.jwks!, {
              ...options,
              algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
            })
          ).payload,
      );
    if (attempts.length === 0) throw unauthenticated('No way to verify tokens is configured');
    // jose checks the claims only once the signature holds, so a claim failure is the answer.
    let claimProblem: string | undefined;
    for (const attempt of attempts) {
      let payload: JWTPayload;
      try {
        payload = await attempt();
      } catch (err) {
        claimProblem ??= claimProblemOf(err);
        continue;
      }
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS)
        throw unauthenticated('Token issued in the future (iat)');
      return payload;
    }
    // Never echo the token or the verifier's detail: a message is all the client needs.
    throw unauthenticated(claimProblem ?? 'Invalid token');
  }
}

/** A client-readable reason for a token whose signature held but whose claims did not. */
function claimProblemOf(err: unknown): string | undefined {
  const { code, claim, reason } = err as { code?: string; claim?: string; reason?: string };
  if (code === 'ERR_JWT_EXPIRED') return 'Token expired';
  if (code !== 'ERR_JWT_CLAIM_VALIDATION_FAILED') return undefined;
  const missing = reason === 'missing';
  if (claim === 'exp') return missing ? 'Token has no expiry (exp)' : 'Token expired';
  if (claim === 'nbf') return 'Token not valid yet (nbf)';
  if (claim === 'iat')
    return missing
      ? 'Token has no iat (a maximum token age is set)'
      : 'Token issued in the future (iat)';
  return 'Invalid token claims';
}

function toUser(payload: JWTPayload): User {
  const meta = (payload.app_metadata ?? {}) as Record<string, unknown>;
  const role = meta.role;
  if (typeof role !== 'string' || !ROLES.has(role))
    throw unauthenticated('Token has no app_metadata.role (viewer, agent or admin)');
  const pin = agentPinOf(meta.agent_number);
  return {
    id: typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null,
    role: role as User['role'],
    ...(pin === 'invalid' ? { agentPinInvalid: true } : pin ? { agentNumber: pin } : {}),
  };
}

/**
 * app_metadata.agent_number: absent or null is no pin; a string or a JSON integer that is a
 * 10-digit Indian mobile number (after +91/0 prefixes) is the pin, the same whichever JSON type
 * holds it; anything else present is 'invalid', which refuses every call (never "unpinned").
 */
export function agentPinOf(value: unknown): string | 'invalid' | null {
  if (value === undefined || value === null) return null;
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' && Number.isSafeInteger(value) && value > 0
        ? String(value)
        : null;
  return (text !== null && normalizePhone(text)) || 'invalid';
}
