// Body capture stores no credential the privacy guard detects: a chat request holding one of each kind is
// stored as valid JSON holding none of them, and a request holding none is stored as it was printed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SECRET_PARTS, SECRETS } from '../fixtures/secret-samples';
import { MODELS, rawRequest, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await routeAmongFakesOnly(h);
  const until = new Date(Date.now() + 86_400_000).toISOString();
  expect((await adminFetch(h.app, 'PUT', '/api/v1/llm/settings', { body_capture_until: until })).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
});

/** Sends one chat request; returns its request body as stored. */
async function storedRequest(content: string): Promise<string> {
  const body = { model: MODELS.openai, messages: [{ role: 'user', content }] };
  const res = await rawRequest(`${h.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const one = await adminFetch(h.app, 'GET', `/api/v1/llm/requests/${res.headers.get('x-switchboard-request-id')!}`);
  expect(one.status).toBe(200);
  return one.json.request_body as string;
}

it('stores a request holding one secret of each kind as JSON holding none of them', async () => {
  const stored = await storedRequest(Object.values(SECRETS).join('\n'));
  for (const part of SECRET_PARTS) expect(stored).not.toContain(part);
  const parsed = JSON.parse(stored) as { messages: { content: string }[] };
  expect(parsed.messages[0]!.content).toContain('AWS_SECRET_ACCESS_KEY=[REDACTED]\n[REDACTED]\n[REDACTED]\n[REDACTED]\nDB_PASSWORD=[REDACTED]');
});

it('stores a request holding no secret as sent', async () => {
  const content = 'MAX_TOKENS=4096 in "config.env"\nsee https://example.com/a:b?c and eyJhbGciOi\\n';
  const stored = await storedRequest(content);
  expect(JSON.parse(stored)).toEqual({ model: MODELS.openai, messages: [{ role: 'user', content }] });
});
