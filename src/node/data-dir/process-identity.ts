// What tells the data-dir lock's process from another one that got its pid later. A pid alone is
// reused: after a crash or power loss the lock stays, and after a reboot its pid may belong to a
// shell or a daemon. Linux says when a process started (/proc/<pid>/stat) and which boot this is
// (boot_id), which together name a process for good. Elsewhere there is no /proc; there the live
// process's executable name is read (ps, tasklist) and one that is not Switchboard's own is not it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** How a process is looked at; tests swap a part of it. */
export interface ProcessProbe {
  /** this boot's id, null where the OS does not say */
  bootId(): string | null;
  /** the process's start time since boot (clock ticks), null where the OS does not say */
  startTime(pid: number): string | null;
  /** the process's executable name, null when it cannot be read */
  commandName(pid: number): string | null;
}

function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** A /proc/<pid>/stat's state is a process that has ended: a zombie (Z, its parent has not reaped it yet) or dead (X). */
export function endedFromStat(stat: string): boolean {
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/** Field 22 of /proc/<pid>/stat, counted after the command name in parentheses (which may hold spaces and parentheses). */
export function startTimeFromStat(stat: string): string | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[19];
  return start && /^\d+$/.test(start) ? start : null;
}

function psCommandName(pid: number): string | null {
  const r = process.platform === 'win32'
    ? spawnSync('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'], { encoding: 'utf8', timeout: 3000, windowsHide: true })
    : spawnSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8', timeout: 3000 });
  if (r.status !== 0 || typeof r.stdout !== 'string') return null;
  const out = r.stdout.trim();
  if (process.platform !== 'win32') return out || null;
  // "node.exe","1234","Console","1","45,000 K"; anything else (INFO: no tasks) says nothing
  const m = /^"([^"]+)","(\d+)"/.exec(out);
  return m && Number(m[2]) === pid ? m[1]! : null;
}

export const systemProbe: ProcessProbe = {
  bootId: () => readProc('/proc/sys/kernel/random/boot_id')?.trim() || null,
  startTime: (pid) => {
    const stat = readProc(`/proc/${pid}/stat`);
    return stat === null ? null : startTimeFromStat(stat);
  },
  commandName: (pid) => {
    const comm = readProc(`/proc/${pid}/comm`);
    if (comm !== null) return comm.trim() || null;
    return process.platform === 'linux' ? null : psCommandName(pid);
  },
};

const exeName = (name: string): string => basename(name.replaceAll('\\', '/')).toLowerCase().replace(/\.exe$/, '');

/**
 * Whether a process named `name` could be a Switchboard: the executable the lock's owner recorded, or
 * one Switchboard runs under (node for serve, electron from a checkout, switchboard packaged).
 * Linux cuts a command name at 15 characters, so a recorded name is compared as far as it goes.
 */
export function looksLikeSwitchboard(name: string, recordedExe: string | null): boolean {
  const n = exeName(name);
  const candidates = ['node', 'electron', 'switchboard', ...(recordedExe ? [exeName(recordedExe)] : [])];
  return candidates.some((c) => n === c || (n.length === 15 && c.startsWith(n)));
}
