import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartupError } from '../errors/startup-error';

/**
 * Listens on host:port (0: any free port) and resolves with the server's http://host:port. A
 * port that cannot be had is a StartupError that says what to do.
 */
export async function listen(httpServer: http.Server, port: number, host: string): Promise<string> {
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => resolve());
    });
  } catch (err) {
    throw new StartupError(
      `cannot listen on ${host}:${port}: ${
        (err as { code?: string }).code === 'EADDRINUSE'
          ? 'the port is already in use (EADDRINUSE); set PORT to a free port, or stop what is using it'
          : (err as Error).message
      }`,
      { cause: err },
    );
  }
  return serverUrl(httpServer, host);
}

/** http://host:port of a listening server. */
export function serverUrl(httpServer: http.Server, host: string): string {
  const { port } = httpServer.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
