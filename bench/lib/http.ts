import http from 'node:http';

/**
 * GET over a keep-alive node:http agent: a load generator that costs the box far less CPU than
 * fetch (undici's WHATWG layer), which matters when client and server share two cores.
 */
export function createGetter(maxSockets: number): {
  get(url: string): Promise<number>;
  close(): void;
} {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    get: (url) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(url, { agent }, (res) => {
          res.resume();
          res.once('end', () => resolve(res.statusCode ?? 0));
          res.once('error', reject);
        });
        req.once('error', reject);
      }),
    close: () => agent.destroy(),
  };
}
