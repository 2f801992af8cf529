import { SignJWT } from 'jose';

export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-000000';

/** An HS256 token shaped like Supabase Auth's, with the role in app_metadata. */
export function signToken(
  role: 'viewer' | 'agent' | 'admin' | string,
  options: {
    secret?: string;
    sub?: string;
    agentNumber?: string;
    expiresIn?: string | number;
  } = {},
): Promise<string> {
  return new SignJWT({
    role: 'authenticated',
    app_metadata: { role, ...(options.agentNumber ? { agent_number: options.agentNumber } : {}) },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub ?? `user-${role}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
