// A stream is over at its format's final event (Anthropic's message_stop, Responses' response.completed), as a chat
// stream is at its [DONE]: an upstream that sends a complete stream and then keeps the connection open must not hold
// the client until the idle timeout and end its answer with an error, nor leave the row saying timeout, estimated.
// Gemini has no such event: what comes after the chunk with the finishReason (the rest of the usage, grounding) is
// still read, to the body's end. Raw upstreams on 127.0.0.1 speak each format's wire; the Switchboard in front of
// them has a short upstream idle timeout, which a stream read on past its end would hit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { sseData, usageRow, waitFor } from './helpers/hardening-kit';

/** the upstream idle timeout: a stream read on past its final event fails after it */
const IDLE_MS = 1_000;

let h: Harness;
let raw: RawUpstream;
/** upstream responses whose connection was closed since the count was last reset */
let closed = 0;

const anthropicEv = (type: string, o: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...o })}\n\n`;
const ANTHROPIC = [
  anthropicEv('message_start', { message: { id: 'msg_raw', type: 'message', role: 'assistant', model: 'claude-raw', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 31, output_tokens: 1 } } }),
  anthropicEv('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  anthropicEv('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'All done.' } }),
  anthropicEv('content_block_stop', { index: 0 }),
  anthropicEv('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 7 } }),
  anthropicEv('message_stop', {}),
].join('');

let seq = 0;
const responsesEv = (type: string, o: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...o })}\n\n`;
function responsesStream(): string {
  seq = 0;
  const shell = { id: 'resp_raw', object: 'response', created_at: 1760000000, model: 'resp-raw' };
  const item = { id: 'msg_raw', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], text: 'All done.' }] };
  const usage = { input_tokens: 31, input_tokens_details: { cached_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 38 };
  return [
    responsesEv('response.created', { response: { ...shell, status: 'in_progress', output: [] } }),
    responsesEv('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } }),
    responsesEv('response.content_part.added', { item_id: 'msg_raw', output_index: 0, content_index: 0, part: { type: 'output_text', annotations: [], text: '' } }),
    responsesEv('response.output_text.delta', { item_id: 'msg_raw', output_index: 0, content_index: 0, delta: 'All done.' }),
    responsesEv('response.output_text.done', { item_id: 'msg_raw', output_index: 0, content_index: 0, text: 'All done.' }),
    responsesEv('response.content_part.done', { item_id: 'msg_raw', output_index: 0, content_index: 0, part: { type: 'output_text', annotations: [], text: 'All done.' } }),
    responsesEv('response.output_item.done', { output_index: 0, item }),
    responsesEv('response.completed', { response: { ...shell, status: 'completed', output: [item], usage } }),
  ].join('');
}

const geminiChunk = (text: string, usage: Record<string, number>, finished: boolean): string =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...(finished ? { finishReason: 'STOP' } : {}) }], usageMetadata: usage, modelVersion: 'gemini-raw', responseId: 'g-raw' })}\r\n\r\n`;
// the finish comes with part of the usage; the rest, in a chunk of its own after it, as Gemini may send it
const GEMINI = geminiChunk('All ', { promptTokenCount: 31, totalTokenCount: 31 }, false)
  + geminiChunk('done.', { promptTokenCount: 31, totalTokenCount: 31 }, true)
  + `data: ${JSON.stringify({ usageMetadata: { promptTokenCount: 31, candidatesTokenCount: 7, totalTokenCount: 38 }, modelVersion: 'gemini-raw', responseId: 'g-raw' })}\r\n\r\n`;

beforeAll(async () => {
  h = await startHarness({ config: { limits: { upstreamIdleTimeoutMs: IDLE_MS } } });
  raw = await startRawUpstream((_body, res, req) => {
    res.on('close', () => closed++);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const url = req.url ?? '';
    // the whole stream, then nothing: the connection is left open
    if (url.endsWith('/messages')) res.write(ANTHROPIC);
    else if (url.endsWith('/responses')) res.write(responsesStream());
    else if (url.includes(':streamGenerateContent')) res.end(GEMINI);
    else res.end();
  });
  const s = h.app.service;
  await s.createProvider({ id: 'ra', name: 'Raw Anthropic', type: 'anthropic', base_url: raw.origin, api_key: 'sk-ant-raw-0123456789abcdef' });
  await s.createModel({ provider_id: 'ra', model_name: 'claude-raw', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 200_000 });
  await s.createProvider({ id: 'rr', name: 'Raw Responses', type: 'openai-compatible', base_url: `${raw.origin}/v1`, api_key: 'sk-raw-resp-0123456789abcdef' });
  await s.createModel({ provider_id: 'rr', model_name: 'resp-raw', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 128_000, capabilities: ['chat'], api: 'responses' });
  await s.createProvider({ id: 'rg', name: 'Raw Gemini', type: 'gemini', base_url: raw.origin, api_key: 'AIzaRawGemini0123456789abcdefghijklmno' });
  await s.createModel({ provider_id: 'rg', model_name: 'gemini-raw', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 1_000_000 });
});
afterAll(async () => {
  await h?.close();
  await raw?.close();
});

/** A streamed request (ends the test, not hangs it, past 10 s): its SSE blocks as { event, data }, and its usage row. */
async function stream(path: string, body: Record<string, unknown>): Promise<{ blocks: { event: string | undefined; data: any }[]; row: Awaited<ReturnType<typeof usageRow>> }> {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST', signal: AbortSignal.timeout(10_000),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, 'x-goog-api-key': h.token, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  const blocks = text.split(/\r?\n\r?\n/).filter((b) => /^data:/m.test(b)).map((b) => ({
    event: /^event: (.*)$/m.exec(b)?.[1],
    data: sseData(`${b}\n\n`)[0],
  }));
  return { blocks, row: await usageRow(h.dataDir, String(res.headers.get('x-switchboard-request-id'))) };
}

const PROVIDERS_FIGURES = { status: 200, error_kind: null, estimated: 0, input_tokens: 31, output_tokens: 7 };
const chatBody = (model: string) => ({ model, stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
const isError = (b: { event: string | undefined; data: any }): boolean => b.event === 'error' || b.event === 'response.failed' || (typeof b.data === 'object' && b.data?.error !== undefined);

describe('a complete stream whose upstream keeps the connection open after its final event (Gemini: usage after its finish)', () => {
  it('an Anthropic client gets message_stop, no error, and the row the provider\'s figures; the connection is closed after', async () => {
    closed = 0;
    const { blocks, row } = await stream('/v1/messages', chatBody('ra/claude-raw'));
    expect(blocks.at(-1)?.event).toBe('message_stop');
    expect(blocks.filter(isError)).toEqual([]);
    expect(row).toMatchObject(PROVIDERS_FIGURES);
    // drained in the background (drain-after-done.ts) and closed when nothing more came
    await waitFor(() => closed >= 1, 5_000, 'the upstream connection closed');
  });

  it('a Responses client gets response.completed, no error, and the row the provider\'s figures', async () => {
    const { blocks, row } = await stream('/v1/responses', { model: 'rr/resp-raw', stream: true, store: false, input: 'hi' });
    expect(blocks.at(-1)?.event).toBe('response.completed');
    expect(blocks.filter(isError)).toEqual([]);
    expect(row).toMatchObject(PROVIDERS_FIGURES);
  });

  it('a Gemini client gets every chunk, the usage after the finish too, no error, and the row the provider\'s figures', async () => {
    const { blocks, row } = await stream('/v1beta/models/rg/gemini-raw:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(blocks.some((b) => b.data?.candidates?.[0]?.finishReason === 'STOP')).toBe(true);
    expect(blocks.at(-1)?.data.usageMetadata).toMatchObject({ promptTokenCount: 31, candidatesTokenCount: 7 });
    expect(blocks.filter(isError)).toEqual([]);
    expect(row).toMatchObject(PROVIDERS_FIGURES);
  });

  it.each([['Anthropic', 'ra/claude-raw'], ['Responses', 'rr/resp-raw'], ['Gemini', 'rg/gemini-raw']])(
    'a chat client translated from %s gets its finish and [DONE], no error, and the row the provider\'s figures',
    async (_name, model) => {
      const { blocks, row } = await stream('/v1/chat/completions', { ...chatBody(model), stream_options: { include_usage: true } });
      expect(blocks.at(-1)?.data).toBe('[DONE]');
      expect(blocks.filter(isError)).toEqual([]);
      const chunks = blocks.slice(0, -1).map((b) => b.data);
      expect(chunks.some((c) => c.choices?.[0]?.finish_reason === 'stop')).toBe(true);
      expect(chunks.at(-1).usage).toMatchObject({ prompt_tokens: 31, completion_tokens: 7 });
      expect(row).toMatchObject(PROVIDERS_FIGURES);
    },
  );
});
