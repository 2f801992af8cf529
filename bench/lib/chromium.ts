import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: the only browser the tests and benchmarks use (none is ever downloaded). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium, headless. Playwright starts it with a fresh temporary profile (--user-data-dir) and
 * deletes it on close.
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
