import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on host:port (0: any free port) and resolves with the server's http://host:port. */
export async function listen(httpServer: http.Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  return serverUrl(httpServer, host);
}

/** http://host:port of a listening server. */
export function serverUrl(httpServer: http.Server, host: string): string {
  const { port } = httpServer.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
