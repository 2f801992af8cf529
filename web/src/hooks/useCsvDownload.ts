import { useCallback, useState } from 'react';
import { currentToken, signOut } from '../lib/auth';

/** The CSV files the server exports (GET /exports/<name>.csv?startDate&endDate[&outcome]). */
export type CsvExport = 'call-logs' | 'customer-calls';

/**
 * The message of an error answer, whichever JSON shape it has: { message }, { error: "…" },
 * { error: { message } } or GraphQL's { errors: [{ message }] }; null when there is none.
 */
export function errorMessageOf(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { message?: unknown; error?: unknown; errors?: unknown };
  if (typeof b.message === 'string') return b.message;
  if (typeof b.error === 'string') return b.error;
  if (b.error && typeof b.error === 'object') return errorMessageOf(b.error);
  if (Array.isArray(b.errors)) return errorMessageOf(b.errors[0]);
  return null;
}

/** The file name the server gives (Content-Disposition), else one made from the request. */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]! : fallback;
}

/**
 * Downloads an export with the Authorization header, which a plain link cannot send: fetch,
 * then a blob behind an object URL that a temporary link saves. A refusal shows the server's
 * own message; a refused token (401) asks to sign in again.
 */
export function useCsvDownload(baseUrl: string = window.location.origin) {
  const [running, setRunning] = useState<CsvExport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const download = useCallback(
    async (name: CsvExport, params: Record<string, string | undefined>) => {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
      const token = currentToken();
      setRunning(name);
      setError(null);
      setSaved(null);
      try {
        const res = await fetch(`${baseUrl}/exports/${name}.csv?${query}`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        if (res.status === 401) {
          signOut('rejected');
          return;
        }
        if (!res.ok) {
          const body: unknown = await res.json().catch(() => null);
          setError(
            errorMessageOf(body) ??
              `The server could not export the file (HTTP ${res.status}). Try again in a moment.`,
          );
          return;
        }
        const fileName = fileNameOf(res, `${name}-${params.startDate}-${params.endDate}.csv`);
        const url = URL.createObjectURL(await res.blob());
        try {
          const link = document.createElement('a');
          link.href = url;
          link.download = fileName;
          document.body.append(link);
          link.click();
          link.remove();
        } finally {
          // After the click has handed the blob to the download.
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
        }
        setSaved(fileName);
      } catch {
        setError('Cannot reach the server. Try again once the connection is back.');
      } finally {
        setRunning(null);
      }
    },
    [baseUrl],
  );
  return { download, running, error, saved };
}
