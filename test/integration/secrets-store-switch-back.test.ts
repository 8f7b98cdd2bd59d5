// Keys changed while the other secret store was in use: started with SWITCHBOARD_ENCRYPTION_KEY, then
// without it (the OS keychain: gnome-keyring here) where the provider key is replaced and the profile's own
// key deleted, then with it again. The encrypted file still held the old provider key and the deleted BYOK
// key; the provider key the UI shows (the new one's mask) is the one the proxy may send, or none: the
// older key is never sent, and both are removed from the file at start, which the log says.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { EncryptedFileStore, parseEncryptionKey } from '../../src/node/secrets';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const NEW_KEY = 'sk-KCNEW-0123456789abcdef9999';
const BYOK_KEY = 'sk-byok-default-0123456789abcd';
let h: Harness;
let back: SwitchboardApp;
const logs: string[] = [];

beforeAll(async () => {
  h = await startHarness({ env: { SWITCHBOARD_ENCRYPTION_KEY: ENCRYPTION_KEY } });
  await h.app.service.setByok({ id: 'default', provider_id: 'fo', api_key: BYOK_KEY });
  await h.app.close();
  const keychain = await createApp({ dataDir: h.dataDir, port: 0, env: {}, log: () => undefined, limits: { testProvidersOnChange: false } });
  await keychain.service.updateProvider({ id: 'fo', patch: { api_key: NEW_KEY } });
  await keychain.service.deleteByok({ id: 'default', provider_id: 'fo' });
  await keychain.close();
  back = await createApp({
    dataDir: h.dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: ENCRYPTION_KEY }, log: (l) => logs.push(l), limits: { testProvidersOnChange: false },
  });
}, 60_000);
afterAll(async () => {
  await back?.close();
  await h?.close();
});

describe('back on the encrypted file after keys changed in the keychain', () => {
  it('shows the new key and never sends the old one (the fake accepts only the old one)', async () => {
    const fo = (await back.service.listProviders()).find((p) => p.id === 'fo');
    expect(fo?.api_key_masked).toBe('sk-...9999');
    const before = h.openai.requests.length;
    const res = await rawRequest(`${back.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
    });
    // before: 200, served with the revoked sk-fakeopenai key while the UI showed sk-...9999
    expect(res.status).toBe(502);
    expect(res.json.error.message).toMatch(/key_unavailable .*set the key again/);
    expect(h.openai.requests.length).toBe(before);
  });

  it('removed the replaced key and the deleted BYOK key from secrets.enc, and said so', async () => {
    const file = new EncryptedFileStore({ file: join(h.dataDir, 'secrets.enc'), key: parseEncryptionKey(ENCRYPTION_KEY) });
    const accounts = await file.accounts();
    expect(accounts).not.toContain('provider/fo');
    expect(accounts).not.toContain('byok/default/fo');
    expect(accounts).toEqual(expect.arrayContaining(['provider/fa', 'provider/fg']));
    expect(logs.join('\n')).toMatch(/the OS keychain was in use at the last start.*removed from the encrypted secrets file: .*provider\/fo/);
  });
});
