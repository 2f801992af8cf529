import type { IncomingMessage, ServerResponse } from 'node:http';

/** Kaleyra's answer to every method: `status` "200" on success, an error status otherwise. */
export interface Envelope {
  status: string;
  message: string;
  data?: unknown;
}

export const ok = (data?: unknown): Envelope =>
  data === undefined ? { status: '200', message: 'OK' } : { status: '200', message: 'OK', data };

export const fail = (status: string, message: string): Envelope => ({ status, message });

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The parameters of a request to `/v1/` (query string and body merged, the body winning), or null
 * once a 404, 405 or 413 has been answered.
 */
export async function readApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Record<string, string> | null> {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  if (url.pathname !== '/v1/' && url.pathname !== '/v1') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    return null;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    res
      .writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain' })
      .end('Method Not Allowed');
    return null;
  }
  const body = await readBody(req);
  if (body === null) {
    res.writeHead(413, { 'content-type': 'text/plain' }).end('Payload Too Large');
    return null;
  }
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  Object.assign(params, await bodyParams(req.headers['content-type'], body));
  return params;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function bodyParams(
  contentType: string | undefined,
  body: Buffer,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (body.length === 0) return out;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  try {
    if (type === 'multipart/form-data') {
      const form = await new Response(body, {
        headers: { 'content-type': contentType ?? '' },
      }).formData();
      for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
    } else if (type === 'application/json') {
      const json: unknown = JSON.parse(body.toString('utf8'));
      if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
        for (const [k, v] of Object.entries(json)) {
          out[k] = typeof v === 'string' ? v : JSON.stringify(v);
        }
      }
    } else {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
    }
  } catch {
    // A body we cannot read contributes no parameters; the envelope then names what is missing.
  }
  return out;
}

/** The envelope as JSON with `format=json`, else as the text form. */
export function sendEnvelope(
  res: ServerResponse,
  envelope: Envelope,
  format: string | undefined,
): void {
  // Application errors come back with HTTP 200, like the real API.
  if (format === 'json') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(envelope));
    return;
  }
  // The text form is undocumented; this one just makes a forgotten format=json obvious (a
  // simulator convention: docs/kaleyra-api.md §2.2).
  const data = envelope.data as { id?: string } | unknown[] | undefined;
  const lines = [`status=${envelope.status}`, `message=${envelope.message}`];
  if (Array.isArray(data)) lines.push(`count=${data.length}`);
  else if (data?.id) lines.push(`id=${data.id}`);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(lines.join('\n'));
}
