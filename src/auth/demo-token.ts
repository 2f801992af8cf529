import { SignJWT } from 'jose';
import { demoTokenNotice } from '../demo/demo-banner';
import type { Logger } from '../logger';

/**
 * Mints a ready admin token (12 h) signed with the demo secret and prints it on stderr, never in
 * the log. Returns it, for the dashboard link printed once the demo data is in.
 */
export async function printDemoAdminToken(secret: string, logger: Logger): Promise<string> {
  const token = await new SignJWT({ app_metadata: { role: 'admin' } })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-admin')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(secret));
  logger.info(
    'auth: no AUTH_JWT_SECRET set: generated a secret for this process; a demo admin token (12 h) is printed on stderr, and a signed-in dashboard link once the demo data is in',
  );
  process.stderr.write(demoTokenNotice(token));
  return token;
}
