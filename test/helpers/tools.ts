import { existsSync } from 'node:fs';

/** Debian binaries some suites and benchmarks start for real (.ci/run installs them). */
export const TOOLS = {
  pgbouncer: { path: '/usr/sbin/pgbouncer', apt: 'pgbouncer' },
  nginx: { path: '/usr/sbin/nginx', apt: 'nginx-light' },
} as const;

export type ToolName = keyof typeof TOOLS;

export function toolPath(tool: ToolName): string | undefined {
  return existsSync(TOOLS[tool].path) ? TOOLS[tool].path : undefined;
}
