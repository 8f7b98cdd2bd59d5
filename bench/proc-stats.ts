// Per-process CPU time and memory from /proc (Linux), so each server is measured on its own.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time of every thread of `pid`, in microseconds. The per-thread schedstat counters are in
 * nanoseconds; /proc/<pid>/stat only counts 10 ms ticks, too coarse for one short cell.
 */
export function cpuMicros(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    if (Number.isFinite(ns) && ns > 0) return ns / 1000;
  } catch {
    // fall through to the coarse counter
  }
  return statCpuMicros(pid);
}

/** utime + stime from /proc/<pid>/stat (includes threads that have exited). */
export function statCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name may hold spaces; fields after ')' start at field 3 (state)
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;
}

export interface IoCalls {
  reads: number;
  writes: number;
}

/** read- and write-family system calls so far (socket reads and writes included), from /proc/<pid>/io. */
export function ioCalls(pid: number): IoCalls {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const n = (key: string): number => Number(new RegExp(`^${key}: (\\d+)`, 'm').exec(io)?.[1] ?? NaN);
    return { reads: n('syscr'), writes: n('syscw') };
  } catch {
    return { reads: NaN, writes: NaN };
  }
}

export interface MemoryMb {
  rssMb: number;
  /** peak RSS since start or since the last resetPeakRss */
  peakRssMb: number;
}

export function memoryMb(pid: number): MemoryMb {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/** Resets VmHWM to the current RSS (Linux clear_refs 5), so a cell's own peak can be read. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
