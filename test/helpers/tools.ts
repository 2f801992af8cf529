import { existsSync } from 'node:fs';
import { CHROMIUM } from '../../bench/lib/chromium';
import { PG15_BINARIES } from '../../scripts/db-schema';

/**
 * Debian packages some suites and benchmarks start for real (.ci/run installs them): the files
 * each needs. No jest here: benchmarks import it too.
 */
export const TOOLS = {
  pgbouncer: { paths: ['/usr/sbin/pgbouncer'], apt: 'pgbouncer' },
  nginx: { paths: ['/usr/sbin/nginx'], apt: 'nginx-light' },
  chromium: { paths: [CHROMIUM], apt: 'chromium' },
  // pg_dump refuses servers newer than itself, so the schema snapshot runs on PostgreSQL 15's own.
  'postgresql-15': { paths: PG15_BINARIES, apt: 'postgresql-15' },
} as const;

export type ToolName = keyof typeof TOOLS;

/** The tool's (first) binary, or undefined when any of its files is missing. */
export function toolPath(tool: ToolName): string | undefined {
  const { paths } = TOOLS[tool];
  return paths.every((p) => existsSync(p)) ? paths[0] : undefined;
}
