// A provider streams the key it was sent back split across two events (each alone holds none of it):
// the client never gets the second half, and the stream ends with the key-echo error.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest } from './helpers/hardening-kit';

const KEY = 'custkey-ABCDEFGH12345678secret';
const HALVES = [KEY.slice(0, 15), KEY.slice(15)];

let h: Harness;
let fake: Server;
let url: string;

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm1', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

beforeAll(async () => {
  fake = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: 'your key: ' }));
      res.write(chunk({ content: HALVES[0] }));
      res.write(chunk({ content: HALVES[1] }));
      res.write(chunk({}, 'stop'));
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;
  h = await startHarness();
  const admin = (method: string, path: string, body: unknown) =>
    httpRequest(h.url, path, { method, headers: authJson(h.app.adminToken), body: JSON.stringify(body) });
  expect((await admin('POST', '/api/v1/llm/providers', { id: 'hp', name: 'hostile', type: 'openai-compatible', base_url: url, api_key: KEY })).status).toBe(200);
  expect((await admin('POST', '/api/v1/llm/models', { provider_id: 'hp', model_name: 'm1', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000, capabilities: ['chat'] })).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => fake?.close(resolve));
});

describe('a key split across stream events', () => {
  for (const [route, path, body] of [
    ['OpenAI chat, forwarded', '/v1/chat/completions', { model: 'hp/m1', messages: [{ role: 'user', content: 'hi' }], stream: true }],
    ['Anthropic client, translated', '/v1/messages', { model: 'hp/m1', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], stream: true }],
  ] as const) {
    it(`is cut before its second half: ${route}`, async () => {
      const res = await httpRequest(h.url, path, { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      expect(res.text).toContain('your key: ');
      expect(res.text).not.toContain(HALVES[1]);
      expect(res.text).toMatch(/contained the API key it was sent/);
      // the error event is the stream's last
      expect(res.text.slice(res.text.indexOf('contained the API key'))).not.toMatch(/stop|message_stop|\[DONE\]/);
    });
  }
});
