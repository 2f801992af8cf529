import type { EmbeddedDatabase } from '../../src/database/embedded';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__embeddedPostgres as
    EmbeddedDatabase | undefined;
  await embedded?.stop();
}
