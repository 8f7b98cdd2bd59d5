// Hostile upstreams (test servers on 127.0.0.1): absurd token counts never reach spend, caps, the
// row or a translated answer; an oversized SSE event and an endless stream are cut at their limits
// (the parser is linear, so this costs little) and the rest is not read.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, sseData, usageRow } from './helpers/hardening-kit';

const STREAM_BUDGET = 12 * 1024 * 1024;
/** the event cap set below the stream budget (the default, 64 MB, is past it) */
const EVENT_CAP = 8 * 1024 * 1024;
let h: Harness;
let hostile: http.Server;
/** what the hostile server does next */
const plan = { usage: { prompt_tokens: 1e300, completion_tokens: -5, total_tokens: 1e300 } as Record<string, number>, written: 0 };

function chunk(delta: unknown, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'h', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
}

beforeAll(async () => {
  h = await startHarness({ config: { limits: { maxUpstreamStreamBytes: STREAM_BUDGET, maxSseEventBytes: EVENT_CAP } } });
  hostile = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const model = (JSON.parse(body) as { model: string }).model;
      const stream = (JSON.parse(body) as { stream?: boolean }).stream === true;
      res.on('error', () => undefined);
      if (model === 'absurd' && !stream) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          id: 'h', object: 'chat.completion', created: 1, model,
          choices: [{ index: 0, message: { role: 'assistant', content: 'four words of answer' }, finish_reason: 'stop' }],
          usage: plan.usage,
        }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (model === 'absurd') {
        res.write(chunk({ role: 'assistant', content: 'four words of answer' }));
        // more text in plain deltas, which a same-format stream forwards undecoded
        for (let i = 0; i < 40; i++) res.write(chunk({ content: ' lorem' }));
        res.write(chunk({}, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
        res.end(`${chunk({}, { choices: [], usage: plan.usage })}data: [DONE]\n\n`);
        return;
      }
      // 'giant': one event that never ends; 'endless': small content events forever
      plan.written = 0;
      const piece = model === 'giant' ? 'x'.repeat(64 * 1024) : chunk({ content: 'more ' });
      if (model === 'giant') res.write('data: {"choices":[{"index":0,"delta":{"content":"');
      const pump = (): void => {
        while (plan.written < 256 * 1024 * 1024 && !res.destroyed) {
          plan.written += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
  });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  await h.app.service.createProvider({ id: 'hx', name: 'hostile', type: 'openai-compatible', base_url: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/v1`, api_key: 'sk-hostile-000000000000000000' });
  for (const name of ['absurd', 'giant', 'endless']) {
    await h.app.service.createModel({ provider_id: 'hx', model_name: name, input_cost_per_1m: 10, output_cost_per_1m: 10, context_length: 100_000 });
  }
  // every hostile answer must reach the proxy's checks: no circuit breaker in the way
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, cooldown_ms: 0 });
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => hostile?.close(r));
});

const post = (path: string, body: unknown) => httpRequest(h.url, path, { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body), timeoutMs: 30_000 });
const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 1e7;

describe('absurd usage from an upstream', () => {
  it('is replaced by the proxy\u2019s estimate in the row and the spend, and kept from every answer (translated or forwarded); caps keep working', async () => {
    await h.app.service.updateUser({ id: 'default', patch: { monthly_cap_usd: 5 } });
    const ids: string[] = [];
    const streams: string[] = [];
    const absurd: Record<string, number>[] = [
      { prompt_tokens: 1e300, completion_tokens: -5, total_tokens: 1e300 },
      { prompt_tokens: 12.5, completion_tokens: 3, total_tokens: 15.5 },
      { prompt_tokens: 2e7, completion_tokens: 1, total_tokens: 2e7 },
      // OpenRouter-style billed cost: believed only when plausible
      { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12, cost: 1e294 },
    ];
    for (const usage of absurd) {
      plan.usage = usage;
      const chat = await post('/v1/chat/completions', { model: 'hx/absurd', messages: [{ role: 'user', content: 'hi' }] });
      expect(chat.status, chat.text).toBe(200);
      expect(isCount(chat.json.usage.prompt_tokens) && isCount(chat.json.usage.completion_tokens), JSON.stringify(chat.json.usage)).toBe(true);
      const messages = await post('/v1/messages', { model: 'hx/absurd', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      expect(messages.status, messages.text).toBe(200);
      expect(isCount(messages.json.usage.input_tokens) && isCount(messages.json.usage.output_tokens), JSON.stringify(messages.json.usage)).toBe(true);
      const streamed = await post('/v1/messages', { model: 'hx/absurd', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const counts = (sseData(streamed.text) as { usage?: Record<string, unknown> }[]).flatMap((e) => (e.usage ? Object.values(e.usage) : []));
      expect(counts.every((n) => n === null || typeof n !== 'number' || isCount(n)), JSON.stringify(counts)).toBe(true);
      // same API in and out: the provider's own events are forwarded, their usage scrubbed
      const forwarded = await post('/v1/chat/completions', { model: 'hx/absurd', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
      const usages = (sseData(forwarded.text) as { usage?: Record<string, unknown> | null }[]).filter((e) => e.usage).map((e) => e.usage!);
      expect(usages.length).toBe(1);
      expect(Object.values(usages[0]!).every(isCount), JSON.stringify(usages)).toBe(true);
      ids.push(...[chat, messages, streamed, forwarded].map((r) => String(r.headers['x-switchboard-request-id'])));
      streams.push(...[streamed, forwarded].map((r) => String(r.headers['x-switchboard-request-id'])));
    }
    // the estimate that replaces them counts all the text, also what went out undecoded
    for (const id of streams) expect((await usageRow(h.dataDir, id)).output_tokens, id).toBeGreaterThanOrEqual(40);
    for (const id of ids) {
      const row = await usageRow(h.dataDir, id);
      expect(row.estimated, id).toBe(1);
      expect(isCount(row.input_tokens) && isCount(row.output_tokens)).toBe(true);
      expect(row.cost_usd).toBeLessThan(0.01);
    }
    expect(h.logs.some((l) => /hx\/absurd reported inputTokens = 1e\+300/.test(l))).toBe(true);
    // the spend stayed sane: the cap still lets requests through
    expect((await h.app.service.getStatus()).month_spend_usd).toBeLessThan(0.1);
    expect((await post('/v1/chat/completions', { model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    await h.app.service.updateUser({ id: 'default', patch: { monthly_cap_usd: null } });
  });

  it("keeps OpenRouter's billed cost, a fraction of a dollar, in a forwarded answer whose counts it scrubs", async () => {
    plan.usage = { prompt_tokens: 1e300, completion_tokens: 2, total_tokens: 1e300, cost: 0.0042 };
    const chat = await post('/v1/chat/completions', { model: 'hx/absurd', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status, chat.text).toBe(200);
    expect(chat.json.usage).toEqual({ prompt_tokens: 0, completion_tokens: 2, total_tokens: 0, cost: 0.0042 });
    const streamed = await post('/v1/chat/completions', { model: 'hx/absurd', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    const usages = (sseData(streamed.text) as { usage?: Record<string, unknown> | null }[]).filter((e) => e.usage).map((e) => e.usage!);
    expect(usages).toEqual([{ prompt_tokens: 0, completion_tokens: 2, total_tokens: 0, cost: 0.0042 }]);
    // the rows: the tokens estimated, the cost the provider's, which wins (SPEC), as the client was shown
    for (const res of [chat, streamed]) {
      const row = await usageRow(h.dataDir, String(res.headers['x-switchboard-request-id']));
      expect(row.estimated).toBe(1);
      expect(row.cost_usd).toBe(0.0042);
    }
  });
});

describe('oversized streams', () => {
  it('one event past the 8 MB cap ends the attempt with the reason; the rest is not read', async () => {
    const res = await post('/v1/chat/completions', { model: 'hx/giant', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toMatch(/stream event larger than 8388608 bytes/);
    await new Promise((r) => setTimeout(r, 100));
    expect(plan.written).toBeLessThan(24 * 1024 * 1024);
  });

  it('a stream past its byte budget is cut with an error event once content has gone out', async () => {
    const res = await post('/v1/chat/completions', { model: 'hx/endless', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect(res.text).toContain('more ');
    expect(res.text).toMatch(/stream longer than 12582912 bytes: the rest was not relayed/);
    expect(res.text.length).toBeLessThan(2 * STREAM_BUDGET);
    await new Promise((r) => setTimeout(r, 100));
    expect(plan.written).toBeLessThan(3 * STREAM_BUDGET);
  });
});
