import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataDir } from '../node/data-dir/check-data-dir';
import { lockDataDir } from '../node/data-dir/data-dir-lock';
import { portRefusal } from '../shared/port';
import { desktopAppConfig, desktopPort, electronSqliteBinding, isAddressInUse, startupFailureMessage } from './core-startup';

describe('desktopPort', () => {
  it('reads SWITCHBOARD_PORT; unset leaves the port to the proxy_port setting', () => {
    expect(desktopPort({})).toBeUndefined();
    expect(desktopPort({ SWITCHBOARD_PORT: '' })).toBeUndefined();
    expect(desktopPort({ SWITCHBOARD_PORT: '5000' })).toBe(5000);
    expect(desktopPort({ SWITCHBOARD_PORT: '0' })).toBe(0);
  });

  it('refuses an invalid SWITCHBOARD_PORT with serve\'s message (src/shared/port.ts, which serve reads it with)', () => {
    for (const bad of ['abc', '70000', '-1', '41.5', ' 5000']) {
      expect(() => desktopPort({ SWITCHBOARD_PORT: bad })).toThrow(`SWITCHBOARD_PORT: port must be an integer 0-65535, got "${bad}"`);
    }
  });
});

describe('electronSqliteBinding', () => {
  it('uses native/electron/better_sqlite3.node when it exists, and never in a packaged app', () => {
    const exists = (f: string) => f === '/p/native/electron/better_sqlite3.node';
    expect(electronSqliteBinding('/p', false, exists)).toBe('/p/native/electron/better_sqlite3.node');
    expect(electronSqliteBinding('/p', true, exists)).toBeUndefined();
    expect(electronSqliteBinding('/q', false, exists)).toBeUndefined();
  });
});

describe('desktopAppConfig', () => {
  it('keeps data in userData unless SWITCHBOARD_DATA_DIR says otherwise, and serves no UI over HTTP', () => {
    const base = { userDataDir: '/home/u/.config/Switchboard', appPath: '/nonexistent', resourcesPath: '/r', isPackaged: false, log: () => undefined };
    expect(desktopAppConfig({ ...base, env: {} })).toMatchObject({
      dataDir: '/home/u/.config/Switchboard', uiDir: null, catalogPath: '/nonexistent/resources/catalog.json',
    });
    // no SWITCHBOARD_PORT: the app listens on its proxy_port setting (default 4141)
    expect(desktopAppConfig({ ...base, env: {} }).port).toBeUndefined();
    expect(desktopAppConfig({ ...base, env: { SWITCHBOARD_PORT: '5000' } }).port).toBe(5000);
    expect(desktopAppConfig({ ...base, isPackaged: true, env: {} }).catalogPath).toBe('/r/catalog.json');
    expect(desktopAppConfig({ ...base, env: {} })).not.toHaveProperty('sqliteNativeBinding');
    expect(desktopAppConfig({ ...base, env: { SWITCHBOARD_DATA_DIR: '/data' } }).dataDir).toBe('/data');
  });
});

describe('startup failures', () => {
  it('recognises a taken port, also when wrapped', () => {
    expect(isAddressInUse(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }))).toBe(true);
    expect(isAddressInUse(new Error('wrapped', { cause: { code: 'EADDRINUSE' } }))).toBe(true);
    expect(isAddressInUse(new Error('other'))).toBe(false);
  });

  it('explains a taken port and how to pick another', () => {
    const msg = startupFailureMessage({ code: 'EADDRINUSE', port: 5151 });
    expect(msg).toContain('Port 5151 is already in use');
    expect(msg).toContain('SWITCHBOARD_PORT');
    // the app exits after the dialog: its settings cannot be reached
    expect(msg).not.toContain('settings');
  });

  const thrownBy = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error('nothing thrown');
  };

  it('names SWITCHBOARD_DATA_DIR, not serve\'s --data-dir, for a data dir another Switchboard holds (npm run serve on the same one)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-startup-'));
    try {
      // our parent runs, as `npm run serve` would
      const release = lockDataDir(dir, { pid: process.ppid });
      const err = thrownBy(() => lockDataDir(dir));
      release();
      const msg = startupFailureMessage(err, 'linux');
      expect(msg).toContain(`Another Switchboard is using the data dir ${dir} (\`npm run serve\``);
      expect(msg).toContain('SWITCHBOARD_DATA_DIR');
      expect(msg).toContain(join(dir, 'switchboard.lock'));
      expect(msg).not.toContain('--data-dir');
      expect(startupFailureMessage(err, 'darwin')).not.toContain('npm run serve');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('words the other data dir refusals for the desktop app too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-startup-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      const err = thrownBy(() => checkDataDir(join(dir, 'file')));
      expect((err as Error).message).toContain('--data-dir');
      const msg = startupFailureMessage(err);
      expect(msg).toContain('the data dir cannot be created (EEXIST)');
      expect(msg).toContain('choose another with SWITCHBOARD_DATA_DIR.');
      expect(msg).not.toContain('--data-dir');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('redacts keys from other startup errors', () => {
    const msg = startupFailureMessage(new Error('bad key sk-ant-api03-abcdefghijklmnop'));
    expect(msg).toContain('could not start');
    expect(msg).not.toContain('sk-ant-api03');
  });
});

describe('portRefusal', () => {
  it('takes EACCES for a refused port only from listen, or an error naming the port or address', () => {
    const listen = Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:80'), { code: 'EACCES', syscall: 'listen', address: '127.0.0.1', port: 80 });
    expect(portRefusal(new Error('start failed', { cause: listen }))).toEqual({ code: 'EACCES', port: 80 });
    expect(portRefusal(Object.assign(new Error('x'), { code: 'EACCES', port: 80 }))).toEqual({ code: 'EACCES', port: 80 });
    expect(portRefusal(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'listen' }))).toEqual({ code: 'EACCES', port: undefined });
  });

  it('does not take a file the core may not open for a refused port', () => {
    const file = Object.assign(new Error("EACCES: permission denied, open '/data/switchboard.db'"), { code: 'EACCES', syscall: 'open', path: '/data/switchboard.db', errno: -13 });
    expect(portRefusal(file)).toBeNull();
    expect(portRefusal(new Error('could not open the database', { cause: file }))).toBeNull();
    expect(portRefusal(Object.assign(new Error('x'), { code: 'EACCES' }))).toBeNull();
  });
});
