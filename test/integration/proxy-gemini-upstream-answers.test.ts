// Answers a Gemini upstream gives that the shared fake does not, through the real server: a prompt
// Google blocks (a 200 with promptFeedback and no candidates) reaches a Gemini client as Google sent
// it and any other client as the refusal it is; several candidates streamed are billed in full.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleGenAI } from '@google/genai';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { usageRows } from './helpers/usage-csv';

type Json = Record<string, unknown>;

let h: Harness;
let server: Server;
/** what the scripted Gemini answers next: one body, or for a stream its chunks */
let next: Json | Json[] = {};
const MODEL = 'sg/gemini-scripted';

beforeAll(async () => {
  h = await startHarness();
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.includes(':streamGenerateContent')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const chunk of [next].flat()) res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(next));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s = h.app.service;
  await s.createProvider({ id: 'sg', name: 'Scripted Gemini', type: 'gemini', base_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, api_key: 'AIzaScriptedGemini0123456789abcdefghijk' });
  await s.createModel({ provider_id: 'sg', model_name: 'gemini-scripted', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 1000000, capabilities: ['chat', 'tools'] });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h?.close();
});

const hi = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };

function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': h.token }) {
  return rawRequest(`${h.url}${path}`, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function rowOf(res: { headers: Headers }): Promise<Record<string, string>> {
  const id = res.headers.get('x-switchboard-request-id');
  const row = (await usageRows(h.app)).find((r) => r.request_id === id);
  if (!row) throw new Error(`no usage row for ${id}`);
  return row;
}

describe('a blocked prompt', () => {
  const blocked = { promptFeedback: { blockReason: 'SAFETY', safetyRatings: [] }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 }, modelVersion: 'gemini-scripted', responseId: 'r-blocked' };
  beforeAll(() => { next = blocked; });

  it('reaches a Gemini client as Google sent it (200, promptFeedback, no candidates), recorded with its usage', async () => {
    const res = await post(`/v1beta/models/${encodeURIComponent(MODEL)}:generateContent`, hi);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(blocked);
    expect(await rowOf(res)).toMatchObject({ status: '200', input_tokens: '5', output_tokens: '0', estimated: 'false' });
  });

  it('and @google/genai reads it as Google\'s blocked response, streamed or not', async () => {
    const ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
    const res = await ai.models.generateContent({ model: MODEL, contents: 'hi' });
    expect(res.promptFeedback?.blockReason).toBe('SAFETY');
    expect(res.candidates).toBeUndefined();
    const chunks = [];
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: 'hi' })) chunks.push(chunk);
    expect(chunks.map((c) => c.promptFeedback?.blockReason)).toEqual(['SAFETY']);
  });

  it('streams to a Gemini client as sent', async () => {
    const res = await post(`/v1beta/models/${encodeURIComponent(MODEL)}:streamGenerateContent?alt=sse`, hi);
    expect(res.status).toBe(200);
    expect(res.text.trim()).toBe(`data: ${JSON.stringify(blocked)}`);
    expect(await rowOf(res)).toMatchObject({ status: '200', input_tokens: '5', estimated: 'false' });
  });

  it('is still a refusal for a client of another API, which has no such answer', async () => {
    const res = await post('/v1/chat/completions', { model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${h.token}` });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('Gemini blocked the prompt (SAFETY)');
  });
});

describe('several candidates streamed (candidateCount 2)', () => {
  const cand = (index: number, text: string, finish?: string) => ({ content: { role: 'model', parts: [{ text }] }, index, ...(finish ? { finishReason: finish } : {}) });
  const chunks = [
    { candidates: [cand(0, 'Hi')], usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 }, responseId: 'r-n' },
    { candidates: [cand(1, 'Hello')], usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 }, responseId: 'r-n' },
    { candidates: [cand(0, ' there', 'STOP')], usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 }, responseId: 'r-n' },
    { candidates: [cand(1, ' you', 'STOP')], usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 8, totalTokenCount: 13 }, responseId: 'r-n' },
  ];
  beforeAll(() => { next = chunks; });

  it('are billed for every candidate, as the same request unstreamed is', async () => {
    const body = { ...hi, generationConfig: { candidateCount: 2 } };
    const res = await post(`/v1beta/models/${encodeURIComponent(MODEL)}:streamGenerateContent?alt=sse`, body);
    expect(res.status).toBe(200);
    expect(res.text.trim().split(/\r?\n\r?\n/)).toHaveLength(4);
    expect(await rowOf(res)).toMatchObject({ input_tokens: '5', output_tokens: '8', estimated: 'false' });
    // translated for an OpenAI client: candidate 0 is the answer, the usage the whole total
    const chat = await post('/v1/chat/completions', { model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${h.token}` });
    const events = chat.text.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
    expect(events.map((e) => e.choices[0]?.delta?.content ?? '').join('')).toBe('Hi there');
    expect(events.at(-1).usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 8 });
    expect(await rowOf(chat)).toMatchObject({ output_tokens: '8', estimated: 'false' });
  });
});
