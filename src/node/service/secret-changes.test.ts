import { describe, expect, it } from 'vitest';
import { SecretStoreUnavailableError, type SecretStore } from '../secrets/secret-store';
import { withSecretChanges } from './secret-changes';

/** A keychain out of reach, failing each call as KeychainStore does. */
const unreachable: SecretStore = {
  kind: 'keychain',
  get: async () => { throw new SecretStoreUnavailableError('no D-Bus session', { operation: 'read' }); },
  set: async () => { throw new SecretStoreUnavailableError('no D-Bus session'); },
  delete: async () => { throw new SecretStoreUnavailableError('no D-Bus session', { operation: 'remove' }); },
  status: async () => ({ available: false, message: 'no D-Bus session' }),
};

describe('withSecretChanges with no keychain reachable', () => {
  it('says the key could not be stored, or removed, not read: the read it begins with is the write\'s', async () => {
    let committed = false;
    const store = withSecretChanges(unreachable, [{ account: 'provider/openai', value: 'sk-new' }], () => { committed = true; });
    await expect(store).rejects.toThrow(/^No keychain is reachable to store the key \(no D-Bus session\)\. .*SWITCHBOARD_ENCRYPTION_KEY/);
    await expect(store).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    const remove = withSecretChanges(unreachable, [{ account: 'provider/openai', value: null }], () => { committed = true; });
    await expect(remove).rejects.toThrow(/^No keychain is reachable to remove the key \(no D-Bus session\)/);
    expect(committed).toBe(false);
  });
});
