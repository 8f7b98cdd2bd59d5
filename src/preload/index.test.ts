import { describe, expect, it, vi } from 'vitest';
import { ADMIN_METHOD_NAMES, ipcChannel } from '../shared/contract';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (_channel: string, _input: unknown): Promise<unknown> => ({ ok: true, value: 'pong' })),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: { invoke: electron.invoke, send: vi.fn(), on: vi.fn() },
}));

describe('preload', () => {
  it('exposes only window.switchboard, with exactly the contract methods', async () => {
    await import('./index');
    expect([...electron.exposed.keys()]).toEqual(['switchboard']);
    const api = electron.exposed.get('switchboard') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...ADMIN_METHOD_NAMES].sort());
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.invoke);
    }
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('routes a call to its own IPC channel', async () => {
    await import('./index');
    const api = electron.exposed.get('switchboard') as Record<string, (input: unknown) => Promise<unknown>>;
    await expect(api.listUsers?.(undefined)).resolves.toBe('pong');
    expect(electron.invoke).toHaveBeenLastCalledWith(ipcChannel('listUsers'), undefined);
  });
});
