import compression from 'compression';
import express, { type Request, type Response, type Router } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { projectRoot } from '../paths';

/**
 * Paths the API owns. The web app's fallback (index.html for any page address) never answers
 * these, whatever order routes are registered in.
 */
const API_PREFIXES = ['/graphql', '/healthz', '/readyz', '/webhooks/', '/exports/'];

/** True when the path belongs to the API rather than the web app. */
export function isApiPath(pathname: string): boolean {
  return API_PREFIXES.some((p) =>
    p.endsWith('/')
      ? pathname.startsWith(p) || pathname === p.slice(0, -1)
      : pathname === p || pathname.startsWith(`${p}/`),
  );
}

/** Vite's content-hashed output: safe to cache for a year, since a new build gets new names. */
const HASHED_ASSETS = '/assets/';

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/**
 * Only this origin: scripts, styles, fetches and the graphql-ws socket. 'self' covers ws: and wss:
 * in current browsers; the explicit socket origins are for those that predate CSP level 3.
 * Recordings are the exception: Kaleyra serves them from its own https host.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "media-src 'self' https:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface StaticSiteOptions {
  /** The built web app (web/dist by default). */
  root?: string;
  logger: Logger;
}

/**
 * Serves the dashboard's single-page app on the API's own port: hashed assets cached for good,
 * index.html revalidated on every load (so a deploy is picked up at once), everything compressed,
 * a strict Content-Security-Policy, and index.html for any page address that is not the API's.
 */
export function staticSite({
  root = path.join(projectRoot(), 'web', 'dist'),
  logger,
}: StaticSiteOptions): Router {
  const router = express.Router();
  const indexFile = path.join(root, 'index.html');
  const built = existsSync(indexFile);
  if (!built)
    logger.warn({ root }, 'web app: not built, so / serves no dashboard; run `npm run build`');

  router.use((req, res, next) => {
    if (isApiPath(req.path)) return next('router');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  router.use(compression());
  router.use(
    express.static(root, {
      index: false,
      redirect: false,
      setHeaders: (res, file) => {
        const rel = `/${path.relative(root, file).split(path.sep).join('/')}`;
        res.setHeader(
          'Cache-Control',
          rel.startsWith(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  router.use((req: Request, res: Response, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset or file stays a 404: answering it with index.html would hide the mistake.
    if (req.path.startsWith(HASHED_ASSETS) || path.extname(req.path) !== '') return next();
    if (!built) {
      res
        .status(503)
        .type('text/plain')
        .send('The web app has not been built: run `npm run build`.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
