// One line that says which machine a result row came from.
import { cpus, totalmem, platform, arch } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memory_gib: number;
  platform: string;
  node: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: (list[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    cores: list.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()}-${arch()}`,
    node: process.versions.node,
  };
}

export function machineLabel(m: Machine): string {
  return `${m.cores} cores, ${m.memory_gib} GiB, ${m.cpu}`;
}
