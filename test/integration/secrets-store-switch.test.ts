// Keys stored in one secret store, the server started with the other (SWITCHBOARD_ENCRYPTION_KEY set
// then, not now): the start-up log says so, and a provider whose stored key is not there fails over with
// a message naming the cause. Its request never goes out keyless (an environment key for the provider,
// when there is one, still serves, as before).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let again: SwitchboardApp;
const logs: string[] = [];

beforeAll(async () => {
  h = await startHarness(); // its keys go to the encrypted secrets file
  await h.app.close();
  // the same data dir, started without the variable: the OS keychain (gnome-keyring here) holds none of them
  // (OPENAI_API_KEY is OpenAI's own: it is no key for this OpenAI-compatible provider at its own URL)
  again = await createApp({ dataDir: h.dataDir, port: 0, env: { OPENAI_API_KEY: 'sk-from-the-environment-0123456789' }, log: (l) => logs.push(l), limits: { testProvidersOnChange: false } });
});
afterAll(async () => {
  await again?.close();
  await h?.close();
});

describe('a stored key the current secret store does not hold', () => {
  it('is named at start', () => {
    expect(logs.join('\n')).toMatch(/secrets\.enc holds keys, but SWITCHBOARD_ENCRYPTION_KEY is not set/);
  });

  it('fails the attempt with the cause (key_unavailable) when no environment key serves it, never sends the request keyless', async () => {
    const token = readFileSync(join(h.dataDir, 'default-token'), 'utf8').trim();
    const before = h.openai.requests.length;
    const res = await rawRequest(`${again.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toMatch(/key_unavailable .*stored key is not in the OS keychain/);
    expect(h.openai.requests.length).toBe(before);
  });
});
