import { TOOLS, toolPath, type ToolName } from './tools';

/**
 * describe() when every tool is installed. Without one, the suite is skipped with one line saying
 * so, unless REQUIRE_EXTERNAL_TOOLS=1 (CI), where it fails. The one rule for every suite that
 * starts a Debian binary (pgbouncer, nginx, Chromium, PostgreSQL 15's pg_dump).
 */
export function describeWithTools(tools: ToolName[], title: string, fn: () => void): void {
  const missing = tools.filter((t) => !toolPath(t));
  if (missing.length === 0) return describe(title, fn);
  const what = missing
    .map((t) => `${TOOLS[t].paths.join(', ')} (apt-get install ${TOOLS[t].apt})`)
    .join(', ');
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
