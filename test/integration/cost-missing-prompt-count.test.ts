// An OpenAI-format usage that states completion_tokens but no prompt_tokens, or a Gemini usageMetadata with
// candidatesTokenCount but no promptTokenCount, is not billed input 0: the row is Switchboard's estimate, marked
// estimated, whole and streamed, as an Anthropic usage lacking a count is (cost-anthropic-missing-usage). A
// stated 0 is still believed.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, usageRow } from './helpers/hardening-kit';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
const TEXT = 'Hello there, this is a reasonably long answer of many words.';
/** the OpenAI usage, or the Gemini usageMetadata, the next answer carries */
let usage: unknown = {};

const sse = (obj: unknown): string => `data: ${JSON.stringify(obj)}\n\n`;

function openai(stream: boolean, res: ServerResponse): void {
  const head = { id: 'c1', model: 'gpt-x', created: 1 };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      ...head, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: TEXT }, finish_reason: 'stop' }], usage,
    }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = { ...head, object: 'chat.completion.chunk' };
  res.end(sse({ ...chunk, choices: [{ index: 0, delta: { role: 'assistant', content: TEXT }, finish_reason: null }] })
    + sse({ ...chunk, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
    + sse({ ...chunk, choices: [], usage }) + 'data: [DONE]\n\n');
}

function gemini(stream: boolean, res: ServerResponse): void {
  const body = { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: TEXT }] }, finishReason: 'STOP' }], usageMetadata: usage, modelVersion: 'gemini-x', responseId: 'r-1' };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(sse(body));
}

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((body, res, req) => {
    if (req.url?.includes(':streamGenerateContent')) gemini(true, res);
    else if (req.url?.includes(':generateContent')) gemini(false, res);
    else openai((JSON.parse(body.toString()) as { stream?: boolean }).stream === true, res);
  });
  const base = upstream.origin;
  await h.app.service.createProvider({ id: 'mo', name: 'mo', type: 'openai', base_url: `${base}/v1`, api_key: 'sk-mo-0000000000000000000000' });
  await h.app.service.createProvider({ id: 'mg', name: 'mg', type: 'gemini', base_url: base, api_key: 'AIzaMissingPrompt0123456789abcdefghijkl' });
  await h.app.service.createModel({ provider_id: 'mo', model_name: 'gpt-x', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200_000 });
  await h.app.service.createModel({ provider_id: 'mg', model_name: 'gemini-x', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 1_000_000 });
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const PROMPT = 'hi there, a prompt of some words to count';
const post = (path: string, body: unknown) => httpRequest(h.url, path, { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body), timeoutMs: 30_000 });
const rowOf = (res: { headers: Record<string, unknown> }) => usageRow(h.dataDir, String(res.headers['x-switchboard-request-id']));

async function expectEstimated(res: { status: number; text: string; headers: Record<string, unknown> }, what: string): Promise<void> {
  expect(res.status, res.text).toBe(200);
  const row = await rowOf(res);
  expect(row.estimated, what).toBe(1);
  expect(row.input_tokens, what).toBeGreaterThan(0);
  expect(row.output_tokens, what).toBeGreaterThan(0);
  expect(row.cost_usd, what).toBeGreaterThan(0);
}

describe('an OpenAI-format usage without prompt_tokens', () => {
  it('is estimated, whole and streamed (forwarded to a chat client, translated to a Messages client)', async () => {
    for (const u of [{ completion_tokens: 13 }, { completion_tokens: 13, total_tokens: 13 }]) {
      usage = u;
      const chat = await post('/v1/chat/completions', { model: 'mo/gpt-x', messages: [{ role: 'user', content: PROMPT }] });
      await expectEstimated(chat, `whole ${JSON.stringify(u)}`);
      const streamed = await post('/v1/chat/completions', { model: 'mo/gpt-x', stream: true, messages: [{ role: 'user', content: PROMPT }] });
      await expectEstimated(streamed, `forwarded stream ${JSON.stringify(u)}`);
      const messages = await post('/v1/messages', { model: 'mo/gpt-x', stream: true, max_tokens: 100, messages: [{ role: 'user', content: PROMPT }] });
      await expectEstimated(messages, `translated stream ${JSON.stringify(u)}`);
    }
  });

  it('a stated prompt_tokens 0 is still believed', async () => {
    usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    const chat = await post('/v1/chat/completions', { model: 'mo/gpt-x', messages: [{ role: 'user', content: 'hi' }] });
    expect(await rowOf(chat)).toMatchObject({ estimated: 0, input_tokens: 0, output_tokens: 0 });
  });
});

describe('a Gemini usageMetadata without promptTokenCount', () => {
  it('is estimated, whole and streamed (translated to a chat client)', async () => {
    usage = { candidatesTokenCount: 13, totalTokenCount: 13 };
    const chat = await post('/v1/chat/completions', { model: 'mg/gemini-x', messages: [{ role: 'user', content: PROMPT }] });
    await expectEstimated(chat, 'whole');
    expect(chat.json.usage.prompt_tokens).toBeGreaterThan(0);
    const streamed = await post('/v1/chat/completions', { model: 'mg/gemini-x', stream: true, messages: [{ role: 'user', content: PROMPT }] });
    await expectEstimated(streamed, 'stream');
  });

  it('a stated prompt with no answer count is believed (Google leaves a 0 out)', async () => {
    usage = { promptTokenCount: 7, totalTokenCount: 7 };
    const chat = await post('/v1/chat/completions', { model: 'mg/gemini-x', messages: [{ role: 'user', content: 'hi' }] });
    expect(await rowOf(chat)).toMatchObject({ estimated: 0, input_tokens: 7, output_tokens: 0 });
  });
});
