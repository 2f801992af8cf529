import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger';

// body-parser's error types, with what the client is told. The parser's own message is never
// repeated: for a malformed body it quotes the body.
const CLIENT_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.large': 'Request body is too large',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
  'request.size.invalid': 'Request body size does not match its Content-Length',
};

const MAX_LOGGED_PATH = 200;

/**
 * The last Express error handler. Without it Express's final handler prints the error's stack to
 * stderr, unscrubbed: for a malformed JSON body that stack quotes the body (tokens included),
 * once per request, in production too. Here a client's mistake (a 4xx, such as a body that does
 * not parse or is too large) gets one warn line through the scrubbed logger, without the body,
 * and a GraphQL-shaped JSON answer; anything else is logged as an error and answered 500.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = (err ?? {}) as { status?: unknown; statusCode?: unknown; type?: unknown };
    const raw = e.status ?? e.statusCode;
    const status = typeof raw === 'number' && raw >= 400 && raw < 600 ? raw : 500;
    const type = typeof e.type === 'string' ? e.type : undefined;
    const where = {
      method: req.method,
      path: req.path.slice(0, MAX_LOGGED_PATH),
      contentLength: req.headers['content-length'],
    };
    if (status < 500) logger.warn({ ...where, status, type }, 'request refused');
    else logger.error({ ...where, err }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message =
      status < 500 ? ((type && CLIENT_MESSAGES[type]) ?? 'Bad request') : 'Internal server error';
    res.status(status).json({
      errors: [
        { message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } },
      ],
    });
  };
}
