import { describe, expect, it } from 'vitest';
import { desktopAppConfig, desktopPort, electronSqliteBinding, isAddressInUse, startupFailureMessage } from './core-startup';

describe('desktopPort', () => {
  it('reads SWITCHBOARD_PORT; unset or invalid leaves the port to the proxy_port setting', () => {
    expect(desktopPort({})).toBeUndefined();
    expect(desktopPort({ SWITCHBOARD_PORT: '5000' })).toBe(5000);
    expect(desktopPort({ SWITCHBOARD_PORT: '0' })).toBe(0);
    expect(desktopPort({ SWITCHBOARD_PORT: 'abc' })).toBeUndefined();
    expect(desktopPort({ SWITCHBOARD_PORT: '70000' })).toBeUndefined();
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
  });

  it('redacts keys from other startup errors', () => {
    const msg = startupFailureMessage(new Error('bad key sk-ant-api03-abcdefghijklmnop'));
    expect(msg).toContain('could not start');
    expect(msg).not.toContain('sk-ant-api03');
  });
});
