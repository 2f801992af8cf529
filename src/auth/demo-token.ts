import { SignJWT } from 'jose';
import type { Logger } from '../logger';

/** Prints a ready admin token (12 h) signed with the demo secret, on stderr: never in the log. */
export async function printDemoAdminToken(secret: string, logger: Logger): Promise<void> {
  const token = await new SignJWT({ app_metadata: { role: 'admin' } })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-admin')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(secret));
  logger.info(
    'auth: no AUTH_JWT_SECRET set: generated a secret for this process; a demo admin token (12 h) is printed on stderr',
  );
  process.stderr.write(
    `\nDemo admin token (valid 12 h; send as "Authorization: Bearer <token>"):\n${token}\n\n`,
  );
}
