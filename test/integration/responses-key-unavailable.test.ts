// A background response still running at its provider, asked for (GET) after the provider's key became
// unreadable (here: the key is gone from the encrypted file, as after a switch of secret store): a 502
// naming the cause, as a request routed there gets; no retry-after, since waiting brings no key back.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { EncryptedFileStore, parseEncryptionKey } from '../../src/node/secrets';
import { rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const ENCRYPTION_KEY = randomBytes(32).toString('base64');
let h: ResponsesHarness;
let again: SwitchboardApp;
let responseId: string;

beforeAll(async () => {
  h = await startResponsesHarness({ env: { SWITCHBOARD_ENCRYPTION_KEY: ENCRYPTION_KEY } });
  const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  const queued = await client.responses.create({ model: RESPONSES_MODEL, input: 'take your time', background: true });
  expect(queued.status).toBe('queued');
  responseId = queued.id;
  await h.app.close();
  await new EncryptedFileStore({ file: join(h.dataDir, 'secrets.enc'), key: parseEncryptionKey(ENCRYPTION_KEY) }).delete('provider/fr');
  again = await createApp({ dataDir: h.dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: ENCRYPTION_KEY }, log: () => undefined, limits: { testProvidersOnChange: false } });
});
afterAll(async () => {
  await again?.close();
  await h?.close();
});

describe('a response at its provider whose key cannot be read', () => {
  it('is a 502 with the cause and no retry-after (before: 503 retry-after 1, retried in vain)', async () => {
    const asked = h.responses.requests.length;
    const res = await rawRequest(`${again.url}/v1/responses/${responseId}`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } });
    expect(res.status).toBe(502);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.json.error.message).toMatch(/the key for fr could not be read: .*set the key again/);
    expect(h.responses.requests.length).toBe(asked);
  });
});
