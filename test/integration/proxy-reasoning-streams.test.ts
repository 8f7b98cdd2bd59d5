// A reasoning model's thinking, translated for clients whose API may have no place for it: a model that
// fails while it thinks has shown an Anthropic or Gemini client nothing, so the next candidate serves;
// a chat client, shown the thinking, owns the stream from its first delta.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;

/** one chunk of OpenAI's chat stream, as OpenRouter and DeepSeek send it */
const chunk = (model: string, delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string =>
  `data: ${JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', created: 1767225600, model, ...extra, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const usage = (model: string): string =>
  `data: ${JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', created: 1767225600, model, choices: [], usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 } })}\n\n`;

/** What each upstream model streams: the thinker fails right after it starts thinking (OpenRouter's mid-stream error chunk). */
function streamOf(model: string): string {
  const role = { role: 'assistant', content: '' };
  if (model === 'acme/thinker-1') {
    return chunk(model, { ...role, reasoning: 'hmm' })
      + chunk(model, { content: '' }, 'error', { error: { code: 502, message: 'Provider returned error' } });
  }
  if (model === 'deepseek-reasoner') {
    return chunk(model, { ...role, reasoning_content: 'Thinking hard' }) + chunk(model, { content: 'Answer' }) + chunk(model, {}, 'stop') + usage(model) + 'data: [DONE]\n\n';
  }
  return chunk(model, role) + chunk(model, { content: 'Fallback answer' }) + chunk(model, {}, 'stop') + usage(model) + 'data: [DONE]\n\n';
}

/** A non-streamed answer: DeepSeek states its thinking as reasoning_content, OpenRouter as reasoning. */
function answerOf(model: string): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: 'Answer' };
  if (model === 'deepseek-reasoner') message.reasoning_content = 'Thinking hard';
  if (model === 'acme/thinker-2') message.reasoning = 'Thinking hard';
  return {
    id: 'gen-2', object: 'chat.completion', created: 1767225600, model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
  };
}

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((raw, res) => {
    const body = JSON.parse(raw.toString()) as { model: string; stream?: boolean };
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(streamOf(body.model));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answerOf(body.model)));
    }
  });
  const url = `${upstream.origin}/v1`;
  const s = h.app.service;
  // the catalog's own OpenRouter and DeepSeek, pointed here
  await s.updateProvider({ id: 'openrouter', patch: { base_url: url, api_key: 'sk-or-v1-fake-0123456789abcdef', enabled: true } });
  await s.updateProvider({ id: 'deepseek', patch: { base_url: url, api_key: 'sk-deepseek-fake-0123456789abcdef', enabled: true } });
  const known = new Set((await s.listModels({})).map((m) => m.id));
  for (const [provider_id, model_name] of [['openrouter', 'acme/thinker-1'], ['openrouter', 'acme/thinker-2'], ['deepseek', 'deepseek-chat'], ['deepseek', 'deepseek-reasoner']] as const) {
    if (known.has(`${provider_id}/${model_name}`)) await s.updateModel({ id: `${provider_id}/${model_name}`, patch: { enabled: true } });
    else await s.createModel({ provider_id, model_name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 64000, capabilities: ['chat', 'reasoning'] });
  }
  await s.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0, fallbacks: { 'openrouter/acme/thinker-1': ['deepseek/deepseek-chat'] } });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const post = (path: string, body: unknown) => postJson(h, path, body);
const hi = [{ role: 'user', content: 'hi' }];

describe('a reasoning model failing right after it starts thinking', () => {
  it('an Anthropic client, shown no thinking, is served by the fallback', async () => {
    const res = await post('/v1/messages', { model: 'openrouter/acme/thinker-1', max_tokens: 100, stream: true, messages: hi });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('deepseek/deepseek-chat');
    expect(res.text).toContain('Fallback answer');
    expect(res.text).toContain('event: message_stop');
    expect(res.text).not.toContain('event: error');
  });

  it('a Gemini client that asked for no thoughts is served by the fallback', async () => {
    const res = await post('/v1beta/models/openrouter/acme/thinker-1:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('deepseek/deepseek-chat');
    expect(res.text).toContain('Fallback answer');
    expect(res.text).not.toContain('"error"');
  });

  it('a chat client, shown the thinking as it came, gets the error after it (nothing is retried once streaming began)', async () => {
    const res = await post('/v1/chat/completions', { model: 'openrouter/acme/thinker-1', stream: true, messages: hi });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('openrouter/acme/thinker-1');
    expect(res.text).toContain('"reasoning":"hmm"');
    expect(res.text).toContain('Provider returned error');
  });

  it('a Responses client that asked for no reasoning summary, shown no thinking, is served by the fallback', async () => {
    const res = await post('/v1/responses', { model: 'openrouter/acme/thinker-1', stream: true, store: false, input: 'hi' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('deepseek/deepseek-chat');
    expect(res.text).toContain('Fallback answer');
    expect(res.text).toContain('response.completed');
    expect(res.text).not.toContain('response.failed');
  });

  it('a Responses client, shown the thinking as the reasoning summary it asked for, gets response.failed after it', async () => {
    const res = await post('/v1/responses', { model: 'openrouter/acme/thinker-1', stream: true, store: false, input: 'hi', reasoning: { summary: 'auto' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('openrouter/acme/thinker-1');
    expect(res.text).toContain('response.reasoning_summary_text.delta');
    expect(res.text).toContain('response.failed');
  });
});

describe('thinking an Anthropic client has no place for', () => {
  const dropped = (res: { headers: Headers }): string[] => (res.headers.get('x-switchboard-dropped') ?? '').split(',');
  const droppedInRow = async (res: { headers: Headers }): Promise<string[] | null | undefined> => (await activityEntryOf(h.app, res)).dropped;

  it.each(['deepseek/deepseek-reasoner', 'openrouter/acme/thinker-2'])('is named dropped: %s answered whole', async (model) => {
    const res = await post('/v1/messages', { model, max_tokens: 100, messages: hi });
    expect(res.status, res.text).toBe(200);
    expect(res.json.content).toEqual([{ type: 'text', text: 'Answer' }]);
    expect(dropped(res)).toContain('thinking');
    expect(await droppedInRow(res)).toContain('thinking');
  });

  it('is named dropped in a stream: the headers go out with the first text, after the thinking', async () => {
    const res = await post('/v1/messages', { model: 'deepseek/deepseek-reasoner', max_tokens: 100, stream: true, messages: hi });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('"text":"Answer"');
    expect(res.text).not.toContain('Thinking hard');
    expect(dropped(res)).toContain('thinking');
    expect(await droppedInRow(res)).toContain('thinking');
  });

  it('is not named for an answer without thinking, nor for clients shown it or that asked for none (Gemini)', async () => {
    expect(dropped(await post('/v1/messages', { model: 'deepseek/deepseek-chat', max_tokens: 100, messages: hi }))).not.toContain('thinking');
    const responses = await post('/v1/responses', { model: 'deepseek/deepseek-reasoner', input: 'hi', store: false });
    expect(responses.status, responses.text).toBe(200);
    expect(dropped(responses)).not.toContain('thinking');
    const gemini = await post('/v1beta/models/deepseek/deepseek-reasoner:generateContent', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(gemini.status, gemini.text).toBe(200);
    expect(dropped(gemini)).not.toContain('thinking');
  });
});
