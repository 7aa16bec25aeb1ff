import { readdirSync, readFileSync } from 'node:fs';

/** Samples VmRSS of some processes every 100 ms and keeps each one's peak (MB). */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number>) {}

  start(): this {
    const sample = () => {
      for (const [name, pid] of Object.entries(this.pids)) {
        try {
          const kb = Number(
            /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1],
          );
          this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, kb / 1024));
        } catch {
          // the process ended; its peak so far stands
        }
      }
    };
    sample();
    this.timer = setInterval(sample, 100);
    return this;
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    return Object.fromEntries([...this.peaks].map(([k, v]) => [k, Math.round(v * 10) / 10]));
  }
}

/** The pid of the running process whose command line contains `needle`. */
export function findPid(needle: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle) && !cmd.includes('bench')) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}
