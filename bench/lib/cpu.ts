import { readFileSync } from 'node:fs';

/** Busy and total jiffies of the whole machine (/proc/stat), to tell whether the box was saturated. */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface CpuWindow {
  /** CPU time of this process, ms. */
  processMs: number;
  wallMs: number;
  /** Share of all cores that were busy (every process on the box), 0..1; NaN where unknown. */
  machineBusy: number;
}

/** Measures this process's CPU and the machine's busy share from now until stop(). */
export function cpuWindow(): { stop(): CpuWindow } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const ticks = machineTicks();
  return {
    stop() {
      const used = process.cpuUsage(cpu);
      const after = machineTicks();
      const machineBusy =
        ticks && after && after.total > ticks.total
          ? (after.busy - ticks.busy) / (after.total - ticks.total)
          : NaN;
      return {
        processMs: (used.user + used.system) / 1000,
        wallMs: performance.now() - wall,
        machineBusy,
      };
    },
  };
}

/** "57% of a core" */
export function coreShare(cpuMs: number, wallMs: number): string {
  return `${Math.round((cpuMs / wallMs) * 100)}% of a core`;
}
