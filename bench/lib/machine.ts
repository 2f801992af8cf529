import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

/** What the figures were measured on; printed first by every benchmark. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()}-${os.arch()} ${os.release()}`,
  };
}

export function describeMachine(m: MachineInfo = machineInfo()): string {
  return `${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`;
}

/** The 1-minute load average over the core count: other work on the box makes timings noisy. */
export function loadNote(): string {
  const [one] = os.loadavg();
  return `load average ${one!.toFixed(2)} on ${os.availableParallelism()} cores`;
}
