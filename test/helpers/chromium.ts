import { existsSync } from 'node:fs';
import { CHROMIUM } from '../../bench/lib/chromium';

export { CHROMIUM, launchChromium } from '../../bench/lib/chromium';

/**
 * Whether the browser suite can run. Without Debian's Chromium it is skipped with one line
 * saying how to install it, except under REQUIRE_EXTERNAL_TOOLS=1 (set by .ci/run), where a
 * missing browser fails the run.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_EXTERNAL_TOOLS === '1')
    throw new Error(
      `${CHROMIUM} is missing and REQUIRE_EXTERNAL_TOOLS=1: install it with apt-get install -y chromium`,
    );
  process.stderr.write(
    `browser tests skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)\n`,
  );
  return false;
}
