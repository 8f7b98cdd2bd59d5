// Responses requests when providers fail: before the first byte a failure is retried or fails over
// (the client sees nothing of it); after it the stream ends with an `error` event and
// `response.failed`, forwarded or translated alike, and the usage row says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;
let client: OpenAI;
beforeAll(async () => {
  h = await startResponsesHarness({ fake: { chunks: 8 } });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

function events(text: string): { event: string; data: any }[] {
  return text.split('\n\n').filter((b) => b.trim() !== '').map((b) => {
    const event = /^event: (.*)$/m.exec(b)?.[1] ?? '';
    return { event, data: JSON.parse(/^data: (.*)$/m.exec(b)![1]!) };
  });
}

const post = (body: unknown) => rawRequest(`${h.url}/v1/responses`, { headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Responses requests when the provider fails', () => {
  it('retries a 429 before the first byte, unseen by the client', async () => {
    h.responses.faults.push({ kind: 'status', status: 429, headers: { 'retry-after-ms': '10' } });
    const before = h.responses.requests.length;
    const res = await client.responses.create({ model: RESPONSES_MODEL, input: 'hi', store: false });
    expect(res.output_text).toBe('Hello from the fake openai responses provider!');
    expect(h.responses.requests.length - before).toBe(2);
  });

  it('a Responses upstream failing its stream before any content is tried again; when it keeps failing, an OpenAI-shaped error', async () => {
    h.responses.faults.push({ kind: 'error-body-200', message: 'the model produced invalid content' });
    const before = h.responses.requests.length;
    expect((await post({ model: RESPONSES_MODEL, input: 'hi', stream: true, store: false })).status).toBe(200);
    expect(h.responses.requests.length - before).toBe(2);

    h.responses.persistentFault = { kind: 'error-body-200', message: 'the model produced invalid content' };
    try {
      const res = await post({ model: RESPONSES_MODEL, input: 'hi', stream: true, store: false });
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.json.error).toMatchObject({ type: 'api_error', message: expect.stringContaining('invalid content') });
    } finally {
      h.responses.persistentFault = null;
    }
  });

  it.each([
    ['forwarded from a Responses upstream', RESPONSES_MODEL, () => h.responses],
    ['translated from Anthropic', MODELS.anthropic, () => h.anthropic],
  ] as const)('ends a stream cut mid-way with error and response.failed (%s), and records it', async (_name, model, fake) => {
    fake().faults.push({ kind: 'reset-mid-stream', afterChunks: 5 });
    const res = await post({ model, input: 'hi', stream: true, store: false });
    expect(res.status).toBe(200);
    const evs = events(res.text);
    expect(evs[0]!.event).toBe('response.created');
    expect(evs.map((e) => e.event)).toContain('response.output_text.delta');
    expect(evs.slice(-2).map((e) => e.event)).toEqual(['error', 'response.failed']);
    expect(evs.at(-1)!.data.response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: expect.stringContaining('broke off') } });
    expect(evs.some((e) => e.event === 'response.completed')).toBe(false);
    // numbered on, and about the response the stream announced, as the SDKs (the Vercel AI SDK strictly) check
    expect(evs.map((e) => e.data.sequence_number)).toEqual(evs.map((_e, i) => i));
    const created = evs[0]!.data.response;
    expect(evs.at(-1)!.data.response).toMatchObject({ id: created.id, created_at: created.created_at, model: created.model });
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ status: '200', error_kind: 'stream', inbound_api: 'responses' });
  });

  it('the SDK surfaces a failed stream as an error', async () => {
    h.anthropic.faults.push({ kind: 'reset-mid-stream', afterChunks: 3 });
    const stream = client.responses.stream({ model: MODELS.anthropic, input: 'hi', store: false });
    await expect(stream.finalResponse()).rejects.toThrow();
  });
});
