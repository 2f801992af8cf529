/**
 * Peak resident set size of this process while something runs: sampled every `intervalMs`, and
 * the kernel's own high-water mark (getrusage ru_maxrss, which also covers start-up).
 */
export function startRssSampler(intervalMs = 5): {
  stop(): { peakRss: number; startRss: number; kernelMaxRss: number };
} {
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { peakRss: peak, startRss, kernelMaxRss: process.resourceUsage().maxRSS * 1024 };
    },
  };
}

/** A full collection when node runs with --expose-gc (the bench scripts do); otherwise nothing. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
