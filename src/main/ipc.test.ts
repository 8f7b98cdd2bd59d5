import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { ADMIN_METHOD_NAMES, AdminError, ipcChannel, type AdminMethod, type AdminService } from '../shared/contract';
import { ValidationError } from '../shared/validate';
import { TAKES_NO_INPUT, ownWindowSender, registerAdminIpc } from './ipc';
import { rendererLocation } from './renderer-location';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

const location = rendererLocation({ appPath: '/opt/sb', isPackaged: true, devUrl: undefined });
const PAGE = 'file:///opt/sb/out/renderer/index.html';

function fakeService(overrides: Partial<Record<AdminMethod, (input: unknown) => Promise<unknown>>> = {}) {
  const calls: Array<[AdminMethod, unknown]> = [];
  const service = Object.fromEntries(
    ADMIN_METHOD_NAMES.map((m) => [m, async (input: unknown) => {
      calls.push([m, input]);
      return overrides[m] ? overrides[m](input) : { from: m };
    }]),
  ) as unknown as AdminService;
  return { service, calls };
}

function fakeWindow(url = PAGE) {
  const mainFrame = { url, processId: 4, routingId: 1, parent: null };
  return { isDestroyed: () => false, webContents: { id: 10, mainFrame } };
}

function eventFrom(win: ReturnType<typeof fakeWindow>, frame: Partial<{ url: string; processId: number; routingId: number; parent: unknown }> = {}, senderId = 10) {
  return { sender: { id: senderId }, senderFrame: { ...win.webContents.mainFrame, ...frame } } as unknown as IpcMainInvokeEvent;
}

function setUp(overrides?: Parameters<typeof fakeService>[0]) {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const { service, calls } = fakeService(overrides);
  const win = fakeWindow();
  const log = vi.fn();
  const dispose = registerAdminIpc(ipc as never, service, ownWindowSender(() => win as unknown as BrowserWindow, location), log);
  const call = (method: AdminMethod, input: unknown, event = eventFrom(win)) => {
    const handler = handlers.get(ipcChannel(method));
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler(event, input);
  };
  return { handlers, calls, call, win, log, dispose };
}

describe('registerAdminIpc', () => {
  it('registers one handler per contract method and nothing else', () => {
    const { handlers } = setUp();
    expect([...handlers.keys()].sort()).toEqual(ADMIN_METHOD_NAMES.map(ipcChannel).sort());
    expect(handlers.size).toBe(ADMIN_METHOD_NAMES.length);
  });

  it('calls the service and wraps the result', async () => {
    const { call, calls } = setUp();
    await expect(call('updateUser', { id: 'default', patch: { power_level: 'eco' } }))
      .resolves.toEqual({ ok: true, value: { from: 'updateUser' } });
    await expect(call('getStatus', undefined)).resolves.toEqual({ ok: true, value: { from: 'getStatus' } });
    expect(calls).toEqual([['updateUser', { id: 'default', patch: { power_level: 'eco' } }], ['getStatus', undefined]]);
  });

  it('rejects calls from a foreign page, a subframe or another window without calling the service', async () => {
    const { call, calls, win } = setUp();
    const refused = { ok: false, error: { status: 403, message: 'this window may not call the admin service' } };
    await expect(call('listProviders', undefined, eventFrom(win, { url: 'https://evil.example/' }))).resolves.toEqual(refused);
    await expect(call('listProviders', undefined, eventFrom(win, { url: 'file:///tmp/index.html' }))).resolves.toEqual(refused);
    await expect(call('listProviders', undefined, eventFrom(win, { parent: win.webContents.mainFrame, routingId: 2 }))).resolves.toEqual(refused);
    await expect(call('listProviders', undefined, eventFrom(win, {}, 99))).resolves.toEqual(refused);
    const noFrame = { sender: { id: 10 }, senderFrame: null } as unknown as IpcMainInvokeEvent;
    await expect(call('listProviders', undefined, noFrame)).resolves.toEqual(refused);
    expect(calls).toEqual([]);
  });

  it('rejects calls once our own window has navigated elsewhere', async () => {
    const { call, calls, win } = setUp();
    win.webContents.mainFrame.url = 'https://evil.example/';
    await expect(call('getStatus', undefined)).resolves.toMatchObject({ ok: false, error: { status: 403 } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['a string', 'createProvider', 'openai'],
    ['an array', 'createProvider', [{ name: 'x' }]],
    ['null', 'createProvider', null],
    ['undefined', 'updateUser', undefined],
    ['a class instance', 'listModels', new Date()],
    ['input to a void method', 'getStatus', {}],
  ] as const)('rejects %s as input with 400', async (_what, method, input) => {
    const { call, calls } = setUp();
    const reply = (await call(method, input)) as { ok: boolean; error: { status: number } };
    expect(reply.ok).toBe(false);
    expect(reply.error.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('accepts objects without a prototype', async () => {
    const { call } = setUp();
    const input = Object.assign(Object.create(null) as object, { days: 7 });
    await expect(call('getUsage', input)).resolves.toMatchObject({ ok: true });
  });

  it('maps AdminError and ValidationError to their status and field', async () => {
    const { call } = setUp({
      createProvider: async () => { throw new AdminError(409, 'provider openai exists', 'id'); },
      createModel: async () => { throw new ValidationError('context_length', 'context_length must be a positive integer'); },
    });
    await expect(call('createProvider', { name: 'x', type: 'openai' }))
      .resolves.toEqual({ ok: false, error: { status: 409, message: 'provider openai exists', field: 'id' } });
    await expect(call('createModel', {}))
      .resolves.toEqual({ ok: false, error: { status: 400, message: 'context_length must be a positive integer', field: 'context_length' } });
  });

  it('hides unexpected errors behind a generic 500 and logs them redacted', async () => {
    const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz123456';
    const { call, log } = setUp({ testProvider: async () => { throw new Error(`upstream said no to ${secret}`); } });
    const reply = await call('testProvider', { provider_id: 'openai' });
    expect(reply).toEqual({ ok: false, error: { status: 500, message: 'internal error' } });
    expect(JSON.stringify(reply)).not.toMatch(/sk-proj|at |\.ts/);
    const logged = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(logged).toContain('upstream said no');
    expect(logged).not.toContain(secret);
  });

  it('removes every handler on dispose', () => {
    const { handlers, dispose } = setUp();
    dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('TAKES_NO_INPUT', () => {
  it('classifies every contract method', () => {
    expect(Object.keys(TAKES_NO_INPUT).sort()).toEqual([...ADMIN_METHOD_NAMES].sort());
  });
});
