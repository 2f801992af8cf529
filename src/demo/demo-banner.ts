import type { Logger } from '../logger';

/** A link a browser on this machine can open: a wildcard bind address is reached on loopback. */
export function dashboardLink(serverUrl: string, token: string): string {
  const u = new URL(serverUrl);
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = '127.0.0.1';
  // The token rides in the fragment: browsers never send it to a server nor put it in a Referer.
  return `${u.origin}/#token=${token}`;
}

/** Printed as soon as the server listens: the token alone, for curl and other clients. */
export function demoTokenNotice(token: string): string {
  return `\nDemo admin token (valid 12 h; send as "Authorization: Bearer <token>"):\n${token}\n\n`;
}

/**
 * The demo's last words at start, once its data is in: the dashboard link, set apart (and in
 * bold on a terminal) so that it is the one thing to look for among the logs.
 */
export function demoBanner(serverUrl: string, token: string, tty: boolean): string {
  const bold = (s: string) => (tty ? `\u001b[1m${s}\u001b[22m` : s);
  return [
    '',
    bold('Open the dashboard (signed in as the demo admin):'),
    `  ${bold(dashboardLink(serverUrl, token))}`,
    '',
    '',
  ].join('\n');
}

/**
 * Prints the banner once `ready` has settled (the demo's first fill), as the last thing at start.
 * The JSON log's writes are asynchronous and its flush() answers before the last one lands: hence
 * the pause.
 */
export function printDemoBannerWhen(
  ready: Promise<unknown>,
  serverUrl: string,
  token: string,
  logger: Logger,
): void {
  void ready.then(() =>
    logger.flush(() =>
      setTimeout(
        () => process.stderr.write(demoBanner(serverUrl, token, !!process.stderr.isTTY)),
        100,
      ).unref(),
    ),
  );
}
