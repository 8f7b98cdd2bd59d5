// The renderer's view of the admin service: one function per contract method, each an IPC
// invoke on that method's channel. Built from the contract, so it can call nothing else.
import { ADMIN_METHOD_NAMES, ipcChannel, type AdminErrorBody, type AdminMethod, type Bridge } from '../shared/contract';
import type { IpcEnvelope } from '../shared/ipc-envelope';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

/**
 * What a failed call rejects with: plain data, not an Error. contextBridge rebuilds an Error
 * in the page from its message alone, dropping `status` and `field`; a plain object crosses
 * whole, and the renderer's toUiError reads exactly these fields.
 */
export interface BridgeFailure extends AdminErrorBody {
  name: 'AdminError';
}

export function bridgeFailure(body: AdminErrorBody): BridgeFailure {
  const failure: BridgeFailure = { name: 'AdminError', status: body.status, message: body.message };
  if (typeof body.field === 'string') failure.field = body.field;
  return failure;
}

function isEnvelope(value: unknown): value is IpcEnvelope<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function unwrapEnvelope(value: unknown): unknown {
  if (!isEnvelope(value)) throw bridgeFailure({ status: 500, message: 'unexpected reply from the app' });
  if (value.ok) return value.value;
  throw bridgeFailure(value.error);
}

export function buildBridge(invoke: Invoke): Bridge {
  const bridge: Partial<Record<AdminMethod, (input: unknown) => Promise<unknown>>> = {};
  for (const method of ADMIN_METHOD_NAMES) {
    const channel = ipcChannel(method);
    bridge[method] = async (input: unknown) => unwrapEnvelope(await invoke(channel, input));
  }
  return Object.freeze(bridge) as Bridge;
}
