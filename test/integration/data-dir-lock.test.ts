// One Switchboard per data dir: a second start on the same files is refused before it reads anything
// (it would replay the first's usage journal into SQLite again, and truncate it under it); a lock left
// by a process that is gone, or whose pid another process has now, is taken over; closing releases it.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/node/app';
import { DataDirError } from '../../src/node/data-dir/data-dir-error';
import { LOCK_FILE, lockDataDir } from '../../src/node/data-dir/data-dir-lock';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sb-lock-'));
  dirs.push(d);
  return d;
};
const lockPid = (dir: string): string => readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n')[0]!;
const startTicks = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!;
const bootId = (): string => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const refusal = (dir: string, options: Parameters<typeof lockDataDir>[1]): unknown => {
  try {
    lockDataDir(dir, options)();
    return undefined;
  } catch (e) {
    return e;
  }
};
const ROOT = resolve(__dirname, '../..');

// A Switchboard starting: told a data dir and an instant, it spins until then (an IPC message reaches each
// child at a different moment), takes the lock, says whether it got it, and holds it until told to let go.
const RACER = `
import { lockDataDir } from ${JSON.stringify(join(ROOT, 'src/node/data-dir/data-dir-lock.ts'))};
let release;
process.on('message', (m) => {
  if (m.release) {
    release?.();
    release = undefined;
    process.send({ released: true });
    return;
  }
  while (Date.now() < m.at) { /* spin to the instant */ }
  try {
    release = lockDataDir(m.dir);
    process.send({ got: true });
  } catch (e) {
    process.send({ got: false, problem: e.problem ?? e.code ?? String(e) });
  }
});
process.send({ ready: true });
`;

function nextMessage(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((res, rej) => {
    const onExit = (code: number | null): void => rej(new Error(`racer exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      res(m as Record<string, unknown>);
    });
  });
}

const start = (dir: string) => createApp({ dataDir: dir, port: 0, env: {}, log: () => undefined, limits: { testProvidersOnChange: false } });

describe('the data dir lock', () => {
  it('refuses a second Switchboard while another process holds the data dir, naming its pid, and touches nothing', async () => {
    const dir = dataDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), `${other.pid}\n`);
      writeFileSync(join(dir, 'usage-journal.jsonl'), '{"requestId":"r1","userId":"default"}\n');
      const err = await start(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirError);
      expect((err as DataDirError).problem).toBe('in-use');
      expect((err as Error).message).toContain(`another Switchboard (pid ${other.pid}) is using this data dir`);
      // it read nothing: no database made, the other's journal and lock as they were
      expect(existsSync(join(dir, 'switchboard.db'))).toBe(false);
      expect(readFileSync(join(dir, 'usage-journal.jsonl'), 'utf8')).toBe('{"requestId":"r1","userId":"default"}\n');
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('takes over a lock whose process is gone, and releases it on close', async () => {
    const dir = dataDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${gone.stdout}\n`);
    const app = await start(dir);
    expect(lockPid(dir)).toBe(String(process.pid));
    await app.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    // and the next start takes it again
    const next = await start(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    await next.close();
  });

  it('takes over a lock whose Switchboard was killed but not yet reaped by its parent (a zombie)', async () => {
    const dir = dataDir();
    // a parent that never waits: the shell execs a sleep, which does not reap the node it started first
    const parent = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e "setTimeout(() => {}, 60000)" & echo $!; exec sleep 60`], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((res) => parent.stdout!.once('data', (d: Buffer) => res(d.toString().trim()))));
      // the lock as that Switchboard wrote it: its pid, boot and start time
      writeFileSync(join(dir, LOCK_FILE), `${pid}\nboot=${bootId()}\nstart=${startTicks(pid)}\nexe=node\n`);
      expect(refusal(dir, {})).toBeInstanceOf(DataDirError);
      process.kill(pid, 'SIGKILL');
      // dead, and left unreaped: kill 0 still finds it
      for (let i = 0; i < 200 && readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0]).toBe('Z');
      const app = await start(dir);
      expect(lockPid(dir)).toBe(String(process.pid));
      await app.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('two starters taking over the same stale lock: the one that read it before the other took over is refused, and the other keeps its lock', () => {
    const dir = dataDir();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dir, LOCK_FILE), `${gone}\n`);
    // A (a live process: our parent) takes the stale lock over between B reading it and B taking it over
    const a = process.ppid;
    let releaseA: (() => void) | undefined;
    const err = (() => {
      try {
        lockDataDir(dir, { pid: process.pid, beforeTakeover: () => { releaseA = lockDataDir(dir, { pid: a }); } });
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(releaseA).toBeDefined();
    expect(err).toBeInstanceOf(DataDirError);
    expect((err as Error).message).toContain(`pid ${a}`);
    expect(lockPid(dir)).toBe(String(a));
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    releaseA!();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('Switchboards starting at one instant, on a fresh data dir or a stale lock: exactly one holds it, the others are refused', async () => {
    const home = dataDir();
    writeFileSync(join(home, 'racer.ts'), RACER);
    const racers = Array.from({ length: 4 }, () => fork(join(home, 'racer.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    try {
      await Promise.all(racers.map(nextMessage));
      const gone = spawnSync(process.execPath, ['-e', '']).pid!;
      const rounds = 60;
      let doubled = 0;
      for (let round = 0; round < rounds; round++) {
        const dir = dataDir();
        // every other round they find a stale lock, and take it over at once
        if (round % 2 === 1) writeFileSync(join(dir, LOCK_FILE), `${gone}\n`);
        const answers = racers.map(nextMessage);
        const at = Date.now() + 40;
        for (const r of racers) r.send({ dir, at });
        const results = await Promise.all(answers);
        const holders = results.filter((r) => r.got === true).length;
        if (holders !== 1) doubled++;
        for (const r of results) if (r.got !== true) expect(r.problem).toBe('in-use');
        const released = racers.map(nextMessage);
        for (const r of racers) r.send({ release: true });
        await Promise.all(released);
        expect(readdirSync(dir)).toEqual([]);
      }
      expect(doubled, `rounds of ${rounds} where not exactly one held the lock`).toBe(0);
    } finally {
      for (const r of racers) r.kill();
    }
  }, 60_000);

  it('an empty lock is one being written (by an older version, which wrote it after creating it): refused while young, taken over once old', () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), '');
    const err = refusal(dir, {}) as DataDirError;
    expect(err.problem).toBe('in-use');
    expect(err.message).toContain('another Switchboard is using this data dir');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    expect(refusal(dir, {})).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  describe('a pid another process has now (after a crash and a reboot)', () => {
    it.runIf(process.platform === 'linux')('takes over a lock naming a live process that is not a Switchboard, and records what names its own', async () => {
      const dir = dataDir();
      const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
      try {
        // a lock of an older version: the pid alone
        writeFileSync(join(dir, LOCK_FILE), `${unrelated.pid}\n`);
        const app = await start(dir);
        expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(
          `${process.pid}\nboot=${bootId()}\nstart=${startTicks(process.pid)}\nexe=${basename(process.execPath)}\n`);
        await app.close();
      } finally {
        unrelated.kill();
      }
    });

    it.runIf(process.platform === 'linux')('takes over a lock whose pid is a live process started at another time, or in another boot', () => {
      const dir = dataDir();
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      try {
        const ticks = startTicks(other.pid!);
        writeFileSync(join(dir, LOCK_FILE), `${other.pid}\nboot=${bootId()}\nstart=${Number(ticks) + 1}\n`);
        expect(refusal(dir, {})).toBeUndefined();
        writeFileSync(join(dir, LOCK_FILE), `${other.pid}\nboot=00000000-0000-0000-0000-000000000000\nstart=${ticks}\n`);
        expect(refusal(dir, {})).toBeUndefined();
        // the same process: still refused
        writeFileSync(join(dir, LOCK_FILE), `${other.pid}\nboot=${bootId()}\nstart=${ticks}\n`);
        expect((refusal(dir, {}) as DataDirError).problem).toBe('in-use');
      } finally {
        other.kill();
      }
    });

    it('without /proc (macOS, Windows), tells a Switchboard from another process by its executable name', () => {
      const dir = dataDir();
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      const probe = (name: string | null) => ({ bootId: () => null, startTime: () => null, commandName: () => name });
      try {
        writeFileSync(join(dir, LOCK_FILE), `${other.pid}\nexe=Switchboard.exe\n`);
        expect((refusal(dir, { probe: probe('Switchboard.exe') }) as DataDirError).problem).toBe('in-use');
        expect((refusal(dir, { probe: probe('/usr/local/bin/node') }) as DataDirError).problem).toBe('in-use');
        // unreadable: kept, as before
        expect((refusal(dir, { probe: probe(null) }) as DataDirError).problem).toBe('in-use');
        expect(refusal(dir, { probe: probe('explorer.exe') })).toBeUndefined();
      } finally {
        other.kill();
      }
    });
  });
});
