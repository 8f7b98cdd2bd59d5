// The admin contract over IPC: one `ipcMain.handle` per contract method. Each call must come
// from our own page in the main frame of our window, with an object input; the service
// validates the fields. Errors come back as values, never with a stack.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  ADMIN_METHOD_NAMES,
  AdminError,
  ipcChannel,
  type AdminErrorBody,
  type AdminMethod,
  type AdminService,
  type MethodInput,
  type MethodOutput,
} from '../shared/contract';
import type { IpcEnvelope } from '../shared/ipc-envelope';
import { ValidationError } from '../shared/validate';
import { redactSecrets } from '../core/redact';
import { isOwnPageUrl, type RendererLocation } from './renderer-location';

/** Typed against the contract: a service lacking a method does not compile. */
export type AdminHandlers = { [M in AdminMethod]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/** `true` where the contract's input is `void`; a new method without an entry does not compile. */
type NoInputTable = { [M in AdminMethod]: [MethodInput<M>] extends [void] ? true : false };
export const TAKES_NO_INPUT: NoInputTable = {
  getStatus: true, setProxyPaused: false, getSettings: true, updateSettings: false, listAudit: false,
  exportConfig: true, importConfig: false,
  listProviders: true, createProvider: false, updateProvider: false, deleteProvider: false, previewProviderDelete: false,
  testProvider: false, discoverModels: false, getProviderBalances: true,
  listModels: false, createModel: false, updateModel: false, deleteModel: false, previewModelDelete: false,
  getRoutingRules: true, updateRoutingRules: false, previewRoute: false,
  getUsage: false, exportUsageCsv: false, whatIf: false, getAlerts: true, listRequests: false, getRequest: false,
  listUsers: true, createUser: false, updateUser: false, deleteUser: false, issueToken: false,
  revokeToken: false, setByok: false, listByok: false, deleteByok: false, getCredits: false,
};

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;
type Log = (line: string) => void;

/** Trusted: the main frame of our current window, showing our own page. */
export function ownWindowSender(getWindow: () => BrowserWindow | null, location: RendererLocation): SenderCheck {
  return (event) => {
    const win = getWindow();
    const frame = event.senderFrame;
    if (!win || win.isDestroyed() || !frame || frame.parent !== null) return false;
    const main = win.webContents.mainFrame;
    if (event.sender.id !== win.webContents.id) return false;
    if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
    return isOwnPageUrl(frame.url, location);
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const failure = (status: number, message: string, field?: string): IpcEnvelope<never> => ({
  ok: false,
  error: field === undefined ? { status, message } : { status, message, field },
});

/** Known errors keep their status and field; anything else is a generic 500, logged here. */
export function errorBody(err: unknown, log: Log): AdminErrorBody {
  if (err instanceof AdminError) return err.toBody();
  if (err instanceof ValidationError) return new AdminError(400, err.message, err.field || undefined).toBody();
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  log(`admin call failed: ${redactSecrets(detail)}`);
  return { status: 500, message: 'internal error' };
}

export async function callAdminMethod(
  handlers: AdminHandlers,
  method: AdminMethod,
  input: unknown,
  log: Log,
): Promise<IpcEnvelope<unknown>> {
  if (TAKES_NO_INPUT[method] ? input !== undefined : !isPlainObject(input)) {
    return failure(400, TAKES_NO_INPUT[method] ? `${method} takes no input` : `${method} expects an object`);
  }
  const handler = handlers[method] as (input: unknown) => Promise<unknown>;
  try {
    return { ok: true, value: await handler.call(handlers, input) };
  } catch (err) {
    return { ok: false, error: errorBody(err, log) };
  }
}

/** Registers every contract method; returns a function that removes them again. */
export function registerAdminIpc(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  service: AdminService,
  isTrustedSender: SenderCheck,
  log: Log,
): () => void {
  const handlers: AdminHandlers = service;
  for (const method of ADMIN_METHOD_NAMES) {
    ipc.handle(ipcChannel(method), async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        log(`refused ${method} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return failure(403, 'this window may not call the admin service');
      }
      return callAdminMethod(handlers, method, input, log);
    });
  }
  return () => {
    for (const method of ADMIN_METHOD_NAMES) ipc.removeHandler(ipcChannel(method));
  };
}
