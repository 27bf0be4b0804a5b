import { readFileSync } from 'node:fs';

/** CPU time a process has used, ms, over all its threads (Linux /proc; NaN elsewhere). */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ticks of USER_HZ = 100
  } catch {
    return Number.NaN;
  }
}
