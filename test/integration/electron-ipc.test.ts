// The desktop path end to end, minus Electron itself: the real core (createApp on a temp dir),
// main's IPC handlers, the preload's bridge and the renderer's error reading. Values cross
// "IPC" and "contextBridge" by structured cloning, as they do in Electron.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from '../../src/shared/contract';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { ownWindowSender, registerAdminIpc } from '../../src/main/ipc';
import { rendererLocation } from '../../src/main/renderer-location';
import { loadTrayState, runTrayAction } from '../../src/main/tray-actions';
import { buildBridge } from '../../src/preload/bridge';
import { toUiError } from '../../src/renderer/lib/errors';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

const location = rendererLocation({ appPath: '/opt/sb', isPackaged: true, devUrl: undefined });
const mainFrame = { url: location.url, processId: 3, routingId: 1, parent: null };
const win = { isDestroyed: () => false, webContents: { id: 5, mainFrame } } as unknown as BrowserWindow;
const ownEvent = { sender: { id: 5 }, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;
const foreignEvent = { sender: { id: 5 }, senderFrame: { ...mainFrame, url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;

let dir = '';
let core: SwitchboardApp;
const handlers = new Map<string, Handler>();
const bridgeFrom = (event: IpcMainInvokeEvent): Bridge =>
  buildBridge(async (channel, input) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, structuredClone(input)));
  });
/** What the page sees after contextBridge copies a rejection. */
const pageError = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => toUiError(structuredClone(e)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-desktop-ipc-'));
  core = await createApp({
    dataDir: dir,
    port: 0,
    env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    uiDir: null,
    log: () => undefined,
  });
  const ipc = { handle: (c: string, fn: Handler) => handlers.set(c, fn), removeHandler: (c: string) => handlers.delete(c) };
  registerAdminIpc(ipc as never, core.service, ownWindowSender(() => win, location), () => undefined);
});

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('desktop IPC against the real core', () => {
  it('answers the window through the bridge', async () => {
    const bridge = bridgeFrom(ownEvent);
    const status = await bridge.getStatus(undefined);
    expect(status.proxy_url).toBe(core.url);
    const users = await bridge.listUsers(undefined);
    expect(users.map((u) => u.id)).toContain('default');
  });

  it('brings invalid input back to the page with its status and field', async () => {
    const bridge = bridgeFrom(ownEvent);
    const err = await pageError(bridge.createProvider({ name: 'x', type: 'nonsense' as never }));
    expect(err).toMatchObject({ status: 400, field: 'type' });
    expect(err?.message).toMatch(/type/);
  });

  it('refuses a foreign page without touching the service', async () => {
    const before = await bridgeFrom(ownEvent).listAudit({});
    const err = await pageError(bridgeFrom(foreignEvent).createUser({ name: 'intruder' }));
    expect(err).toMatchObject({ status: 403 });
    expect(await bridgeFrom(ownEvent).listUsers(undefined)).not.toContainEqual(expect.objectContaining({ name: 'intruder' }));
    expect(await bridgeFrom(ownEvent).listAudit({})).toEqual(before);
  });

  it('lets the tray switch the default profile to eco and pause the proxy', async () => {
    let state = await loadTrayState(core.service);
    const ctx = { service: core.service, copyText: () => undefined, openWindow: () => undefined, quit: () => undefined };
    await runTrayAction('power:eco', { ...ctx, state });
    state = await loadTrayState(core.service);
    expect(state.powerLevel).toBe('eco');
    expect(state.proxyUrl).toBe(core.url);
    await runTrayAction('toggle-pause', { ...ctx, state });
    expect((await loadTrayState(core.service)).paused).toBe(true);
    expect((await bridgeFrom(ownEvent).getStatus(undefined)).paused).toBe(true);
  });
});
