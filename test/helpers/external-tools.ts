import { existsSync } from 'node:fs';

/**
 * Debian binaries some suites start for real (.ci/run installs them). Without one, its suite is
 * skipped with one line saying so, unless REQUIRE_EXTERNAL_TOOLS=1 (CI), where it fails.
 */
export const TOOLS = {
  pgbouncer: { path: '/usr/sbin/pgbouncer', apt: 'pgbouncer' },
  nginx: { path: '/usr/sbin/nginx', apt: 'nginx-light' },
} as const;

export type ToolName = keyof typeof TOOLS;

export function toolPath(tool: ToolName): string | undefined {
  return existsSync(TOOLS[tool].path) ? TOOLS[tool].path : undefined;
}

/** describe() when every tool is installed; otherwise a skip (or, in CI, a failure) naming them. */
export function describeWithTools(tools: ToolName[], title: string, fn: () => void): void {
  const missing = tools.filter((t) => !toolPath(t));
  if (missing.length === 0) return describe(title, fn);
  const what = missing.map((t) => `${TOOLS[t].path} (apt-get install ${TOOLS[t].apt})`).join(', ');
  if (process.env.REQUIRE_EXTERNAL_TOOLS === '1') {
    describe(title, () => {
      it(`needs ${what}`, () => {
        throw new Error(`REQUIRE_EXTERNAL_TOOLS=1 and ${what} is missing`);
      });
    });
    return;
  }
  console.warn(`skipped "${title}": ${what} is not installed`);
  describe.skip(title, fn);
}
