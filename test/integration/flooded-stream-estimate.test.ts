// A stream an upstream floods with content until the stream limit cuts it, with no usage stated: the row's output is
// Switchboard's estimate, and a provider never bills more output than the request let it write. Before: the estimate
// counted every character relayed (at the default 128 MB limit, 33,450,000 output tokens, $66.90 at $2/1M), though
// reported counts are held to MAX_TOKENS_PER_REQUEST. Now it is bounded by the request's max output tokens when it
// set one, else the model's max output when the catalog knows it, never more than the model's context window, times
// the answers asked for (chat n, Gemini candidateCount), and never past MAX_TOKENS_PER_REQUEST. Real proxy, real
// SQLite, a flooding OpenAI chat and Gemini upstream on 127.0.0.1 (a small stream limit here, so the test stays light).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { usageRows } from './helpers/usage-csv';

let h: Harness;
let upstream: RawUpstream;
const STREAM_LIMIT = 4 * 1024 * 1024;

const geminiChunk = (text: string): string => `data: ${JSON.stringify({ candidates: [{ index: 0, content: { role: 'model', parts: [{ text }] } }], modelVersion: 'g' })}\n\n`;
const chunk = (content: string): string => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

beforeAll(async () => {
  h = await startHarness({ config: { limits: { maxUpstreamStreamBytes: STREAM_LIMIT } } });
  upstream = await startRawUpstream((_body, res, req) => {
    res.on('error', () => undefined);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const piece = (req.url ?? '').includes(':streamGenerateContent') ? geminiChunk('flood '.repeat(500)) : chunk('flood '.repeat(500));
    let written = 0;
    const pump = (): void => {
      // twice the limit at most: the proxy cuts it long before
      while (written < 2 * STREAM_LIMIT && !res.destroyed) {
        written += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await h.app.service.createProvider({ id: 'fl', name: 'fl', type: 'openai', base_url: `${upstream.origin}/v1`, api_key: 'sk-fl-0000000000000000000000' });
  const model = { input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100_000, capabilities: ['chat' as const] };
  await h.app.service.createModel({ provider_id: 'fl', model_name: 'open', ...model });
  await h.app.service.createModel({ provider_id: 'fl', model_name: 'capped', ...model, max_output_tokens: 2_000 });
  await h.app.service.createProvider({ id: 'flg', name: 'flg', type: 'gemini', base_url: upstream.origin, api_key: 'gm-flg-000000000000000000000' });
  await h.app.service.createModel({ provider_id: 'flg', model_name: 'gem', ...model });
  await h.app.service.updateRoutingRules({ cooldown_failures: 100 });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const post = (path: string, body: unknown) => postJson(h, path, body);

async function rowOf(res: { headers: Headers }) {
  return (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
}

describe('a stream flooded until the stream limit cut it', () => {
  it.each([
    ['an Anthropic client (translated), max_tokens 1000', '/v1/messages', { model: 'fl/open', max_tokens: 1_000 }, 1_000],
    ['a chat client (forwarded), max_tokens 1000', '/v1/chat/completions', { model: 'fl/open', max_tokens: 1_000 }, 1_000],
    ['a chat client (forwarded), no limit, the model writes at most 2000', '/v1/chat/completions', { model: 'fl/capped' }, 2_000],
    // review of 4ffb613: no answer outgrows the model's context window (100,000 here), where nothing else bounds it
    ['a chat client (forwarded), no limit, no max output known: the context window', '/v1/chat/completions', { model: 'fl/open' }, 100_000],
    // each of n choices may write max_tokens
    ['a chat client (forwarded), max_tokens 1000, n 2', '/v1/chat/completions', { model: 'fl/open', max_tokens: 1_000, n: 2 }, 2_000],
    ['a Gemini client (forwarded), maxOutputTokens 1000, candidateCount 3', '/v1beta/models/flg%2Fgem:streamGenerateContent?alt=sse', { generationConfig: { maxOutputTokens: 1_000, candidateCount: 3 } }, 3_000],
  ])('%s: billed no more output than the request allowed', async (_n, path, extra, bound) => {
    const gemini = path.startsWith('/v1beta');
    const res = await post(path, gemini ? { ...extra, contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } : { ...extra, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    // the flood did reach the client (far more than the bound in text) before the cut
    expect(res.text.length).toBeGreaterThan(STREAM_LIMIT / 2);
    const row = await rowOf(res);
    expect(row.error_kind).not.toBe('');
    expect(row.estimated).toBe('true');
    expect(Number(row.output_tokens)).toBe(bound);
    expect(Number(row.cost_usd)).toBeLessThan(0.25);
  });
});
