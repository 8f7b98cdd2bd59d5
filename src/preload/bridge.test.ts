import { describe, expect, it, vi } from 'vitest';
import { ADMIN_METHOD_NAMES, ipcChannel } from '../shared/contract';
import { buildBridge } from './bridge';

describe('buildBridge', () => {
  it('has exactly one function per contract method', () => {
    const bridge = buildBridge(async () => ({ ok: true, value: null }));
    expect(Object.keys(bridge).sort()).toEqual([...ADMIN_METHOD_NAMES].sort());
    for (const fn of Object.values(bridge)) expect(typeof fn).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes the method channel with the input and unwraps the value', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: { id: 'default' } }));
    const bridge = buildBridge(invoke);
    await expect(bridge.updateUser({ id: 'default', patch: { power_level: 'eco' } })).resolves.toEqual({ id: 'default' });
    expect(invoke).toHaveBeenCalledWith(ipcChannel('updateUser'), { id: 'default', patch: { power_level: 'eco' } });
  });

  it('rejects with plain data carrying status and field, which survive contextBridge', async () => {
    const bridge = buildBridge(async () => ({ ok: false, error: { status: 400, message: 'name must not be empty', field: 'name' } }));
    const err: unknown = await bridge.createUser({ name: '' }).catch((e: unknown) => e);
    expect(err).toEqual({ name: 'AdminError', status: 400, message: 'name must not be empty', field: 'name' });
    expect(Object.getPrototypeOf(err)).toBe(Object.prototype);
    // what structured cloning (as contextBridge does for plain objects) keeps
    expect(structuredClone(err)).toEqual(err);
  });

  it('omits field when the error has none', async () => {
    const bridge = buildBridge(async () => ({ ok: false, error: { status: 404, message: 'provider x not found' } }));
    await expect(bridge.deleteProvider({ id: 'x' })).rejects.toEqual({ name: 'AdminError', status: 404, message: 'provider x not found' });
  });

  it('treats a malformed reply as an error', async () => {
    const bridge = buildBridge(async () => 'surprise');
    await expect(bridge.getStatus(undefined)).rejects.toMatchObject({ status: 500 });
  });
});
