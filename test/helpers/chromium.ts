import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser suite can run. Without Debian's Chromium it is skipped with one line
 * saying how to install it, except under REQUIRE_EXTERNAL_TOOLS=1 (set by .ci/run), where a
 * missing browser fails the run. playwright-core never downloads a browser.
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

/**
 * Debian's Chromium, headless. Playwright starts it with a fresh temporary profile
 * (--user-data-dir) and deletes it on close; each test's context is isolated on top of that.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
