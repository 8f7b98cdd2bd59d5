// A streamed Gemini event far past 8 MB (a 4K image from an image model is 8-10 MB of base64 in one event)
// reaches a Gemini client whole, with ?alt=sse and as the JSON array alike, billed from the provider's
// usageMetadata. One past the limit (the whole-answer limit, 64 MB) ends the stream cleanly with an error
// saying why, and cools nothing down: the model is the same well model the next time. Before anything
// reached the client, the same model is not asked again (it would send the event again): the next candidate serves.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { sseData, usageRow } from './helpers/hardening-kit';

const IMAGE = randomBytes(7_500_000).toString('base64');
const OVER_LIMIT = 65 * 1024 * 1024;
const HUGE = 'huge/gemini-image';

let h: Harness;
let huge: RawUpstream;
/** what the raw upstream answers next: one event past the limit (after a first text unless `first`), or a short answer */
const plan = { over: true, first: false };
/** requests the raw upstream got */
let hugeRequests = 0;

const event = (parts: unknown[], usage: Record<string, number>, finished = false) =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...(finished ? { finishReason: 'STOP' } : {}) }], usageMetadata: usage })}\r\n\r\n`;

beforeAll(async () => {
  h = await startHarness();
  h.gemini.options.inlineData = { mimeType: 'image/png', data: IMAGE };
  h.gemini.options.usage = { input: 20, output: 2010, imageOutput: 2000 };
  huge = await startRawUpstream((_body, res) => {
    hugeRequests++;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.on('error', () => undefined);
    if (!plan.over) return void res.end(event([{ text: 'A short answer.' }], { promptTokenCount: 20, candidatesTokenCount: 4, totalTokenCount: 24 }, true));
    if (!plan.first) res.write(event([{ text: 'Here is your image.' }], { promptTokenCount: 20, totalTokenCount: 20 }));
    res.write('data: {"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"');
    const block = 'A'.repeat(64 * 1024);
    let written = 0;
    const pump = (): void => {
      while (written < OVER_LIMIT && !res.destroyed) {
        written += block.length;
        if (!res.write(block)) return void res.once('drain', pump);
      }
      res.end('"}}]},"finishReason":"STOP","index":0}]}\r\n\r\n');
    };
    pump();
  });
  const s = h.app.service;
  await s.createProvider({ id: 'huge', name: 'huge', type: 'gemini', base_url: huge.origin, api_key: 'AIzaHugeImageCANARY0123456789abcdefghij', enabled: true });
  await s.createModel({ provider_id: 'huge', model_name: 'gemini-image', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
  // one failure that counted against a model would cool it down: the next request would get 503
  await s.updateRoutingRules({ cooldown_failures: 1, cooldown_ms: 600_000, retries_per_model: 0 });
});
afterAll(async () => {
  await h?.close();
  await huge?.close();
});

const FRAMINGS = [['?alt=sse', 'SSE'], ['', 'the JSON array']] as const;

async function stream(model: string, query: string): Promise<{ res: Awaited<ReturnType<typeof rawRequest>>; events: any[] }> {
  const res = await rawRequest(`${h.url}/v1beta/models/${model}:streamGenerateContent${query}`, {
    headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'draw a 4K poster' }] }] }),
  });
  // the array framing is one JSON document: it parses only when the stream ended cleanly, error and all
  const events = query === '' ? (JSON.parse(res.text) as any[]) : sseData(res.text);
  return { res, events };
}

const partsOf = (events: any[]): any[] => events.flatMap((e) => e.candidates?.[0]?.content?.parts ?? []);

describe('a 10 MB image in one stream event', () => {
  for (const [query, framing] of FRAMINGS) {
    it(`reaches the client whole (${framing}), billed as the provider counted it, the model kept in service`, async () => {
      const { res, events } = await stream(MODELS.gemini, query);
      expect(res.status).toBe(200);
      expect(events.filter((e) => e.error)).toEqual([]);
      const image = partsOf(events).find((p) => p.inlineData)?.inlineData;
      expect(image?.mimeType).toBe('image/png');
      expect(image?.data === IMAGE).toBe(true);
      const row = await usageRow(h.dataDir, res.headers.get('x-switchboard-request-id')!);
      // the provider's counts, not an estimate from what was relayed (the row is marked estimated all the same: the
      // fake model has no image price, so the cost is a lower bound, pricing.ts's image_unpriced)
      expect(row).toMatchObject({ status: 200, error_kind: null, input_tokens: 20, output_tokens: 2010 });
    });
  }
});

describe('a stream event past the limit (65 MB)', () => {
  for (const [query, framing] of FRAMINGS) {
    it(`ends the stream with an error saying why (${framing}), and cools nothing down`, async () => {
      plan.over = true;
      const { res, events } = await stream(HUGE, query);
      expect(res.status).toBe(200);
      expect(partsOf(events)).toEqual([{ text: 'Here is your image.' }]);
      expect(events.at(-1)).toEqual({
        error: { code: 502, status: 'INTERNAL', message: `upstream sent a stream event larger than ${64 * 1024 * 1024} bytes: the rest was not relayed` },
      });
      const row = await usageRow(h.dataDir, res.headers.get('x-switchboard-request-id')!);
      expect(row).toMatchObject({ model_id: HUGE, error_kind: 'invalid_output', input_tokens: 20 });
      // the model answers the next request (after a failure that counted, with cooldown_failures 1, it would be 503)
      plan.over = false;
      const next = await stream(HUGE, query);
      expect(next.res.status).toBe(200);
      expect(partsOf(next.events)).toEqual([{ text: 'A short answer.' }]);
    });
  }
});

describe('a stream event past the limit before anything reached the client', () => {
  it('is not asked of the same model again: the next candidate serves', async () => {
    // a same-model retry allowed, and another candidate after the huge model
    await h.app.service.updateRoutingRules({ retries_per_model: 1, aliases: { hugefirst: [HUGE, MODELS.gemini] } });
    plan.over = true;
    plan.first = true;
    hugeRequests = 0;
    try {
      const { res, events } = await stream('hugefirst', '?alt=sse');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
      expect(events.filter((e) => e.error)).toEqual([]);
      expect(partsOf(events).find((p) => p.inlineData)?.inlineData.data === IMAGE).toBe(true);
      // the event would be as large again: one request, no retry (invalid_output's `repeats`)
      expect(hugeRequests).toBe(1);
      const row = await usageRow(h.dataDir, res.headers.get('x-switchboard-request-id')!);
      // nothing stated and nothing relayed before the event: the provider had the prompt all the same, estimated
      const [tried] = JSON.parse(row.failed_attempts ?? '[]');
      expect(tried).toMatchObject({ model: HUGE, kind: 'invalid_output', billed: { output_tokens: 0 } });
      expect(tried.billed.input_tokens).toBeGreaterThan(0);
    } finally {
      plan.first = false;
      await h.app.service.updateRoutingRules({ retries_per_model: 0 });
    }
  });
});
