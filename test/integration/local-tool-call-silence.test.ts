// Ollama and LM Studio send a tool call as one chunk once the model has generated all of it: after some text,
// a Write of a whole file is minutes of silence on the wire. Their streams get a longer idle limit than a cloud
// provider's (limits.upstreamIdleTimeoutMs, shortened here to 1 s), and one of them timing out after its headers
// is not tried again (it would generate it all again): the next candidate is. A cloud provider keeps both rules.
// Real proxy on 127.0.0.1, the official Anthropic SDK as the client; the upstream is a small server of this file's.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { modelOf, startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { activityEntryOf } from './helpers/routing-harness';
import { withRules } from './helpers/rules-change';

const IDLE_MS = 1_000;
/** a tenth of the writer's silence (2 x IDLE_MS): the client hears several keep-alives during it */
const KEEP_ALIVE_MS = 200;
const CALL_ARGS = { path: 'src/app.ts', content: 'export const x = 1;\n' };

let h: Harness;
let upstream: RawUpstream;
let anthropic: Anthropic;
/** chat requests the upstream received, by model */
const asked = new Map<string, number>();

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

beforeAll(async () => {
  h = await startHarness({ config: { limits: { upstreamIdleTimeoutMs: IDLE_MS, localKeepAliveMs: KEEP_ALIVE_MS } } });
  upstream = await startRawUpstream((body, res, req) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: ['writer', 'slow', 'quick', 'mute'].map((id) => ({ id, object: 'model' })) }));
      return;
    }
    const model = modelOf(body);
    asked.set(model, (asked.get(model) ?? 0) + 1);
    // `mute`: as Ollama's server does while the model generates a tool call (its headers go with the first
    // chunk): not even headers, until Switchboard gives up and hangs up
    if (model === 'mute') return;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk({ role: 'assistant', content: '' }));
    // `slow`: the role chunk, then nothing while the model works (until Switchboard gives up and hangs up)
    if (model === 'slow') return;
    if (model === 'quick') {
      res.end(chunk({ content: 'done' }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
      return;
    }
    // `writer`: some text, then twice the idle limit of silence, then the whole call in one chunk
    res.write(chunk({ content: 'I will write the file now.' }));
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'write_file', arguments: JSON.stringify(CALL_ARGS) } };
    const timer = setTimeout(() => {
      if (!res.destroyed) res.end(chunk({ tool_calls: [call] }) + chunk({}, 'tool_calls') + 'data: [DONE]\n\n');
    }, 2 * IDLE_MS);
    res.on('close', () => clearTimeout(timer));
  });
  const s = h.app.service;
  await s.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: `${upstream.origin}/v1` });
  await s.createProvider({ id: 'lms', name: 'LM Studio', type: 'lmstudio', base_url: `${upstream.origin}/v1` });
  // a cloud type at a loopback address (a relay): a cloud provider's rules
  await s.createProvider({ id: 'cl', name: 'Cloud', type: 'openai', base_url: `${upstream.origin}/v1`, api_key: 'sk-cloud-0123456789abcdef' });
  for (const provider_id of ['oll', 'lms', 'cl']) {
    for (const model_name of ['writer', 'slow', 'quick', 'mute']) {
      await s.createModel({ provider_id, model_name, input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768, capabilities: ['chat', 'tools'] });
    }
  }
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const writeFile = (model: string) => anthropic.messages.stream({
  model, max_tokens: 4096, messages: [{ role: 'user', content: 'Write src/app.ts' }],
  tools: [{ name: 'write_file', description: 'Write a file', input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } } }],
}).finalMessage();

describe('a tool call sent whole after a silence longer than the idle limit', () => {
  it.each(['oll/writer', 'lms/writer'])('from %s reaches Claude Code\'s client whole: text, then tool_use', async (model) => {
    const message = await writeFile(model);
    expect(message.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'write_file', input: CALL_ARGS });
    expect(message.stop_reason).toBe('tool_use');
  });

  it('from a cloud provider is still cut at the idle limit', async () => {
    await expect(writeFile('cl/writer')).rejects.toThrow(/timed out/);
  });
});

describe('the client during the silence', () => {
  const streamed = async (path: string, body: Record<string, unknown>): Promise<string> => {
    const res = await fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** what the client got between the text and the tool call */
  const between = (text: string, call: string): string => {
    const from = text.indexOf('I will write the file now.');
    const to = text.indexOf(call, from);
    expect(from).toBeGreaterThan(-1);
    expect(to).toBeGreaterThan(from);
    return text.slice(from, to);
  };
  const tools = [{ name: 'write_file', description: 'Write a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];

  it('an Anthropic client (translated) gets ping events while Ollama or LM Studio is silent', async () => {
    for (const model of ['oll/writer', 'lms/writer']) {
      const text = await streamed('/v1/messages', { model, max_tokens: 4096, tools, messages: [{ role: 'user', content: 'Write src/app.ts' }] });
      expect(between(text, '"tool_use"').match(/event: ping\ndata: \{"type":"ping"\}/g)?.length ?? 0).toBeGreaterThan(1);
    }
  });

  it('a Gemini client gets none (older Gemini SDKs read the stream as back-to-back data: blocks)', async () => {
    const res = await fetch(`${h.url}/v1beta/models/oll/writer:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Write src/app.ts' }] }], tools: [{ functionDeclarations: [{ name: 'write_file', description: 'Write a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }] }] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"functionCall"');
    expect(text).not.toMatch(/^:/m);
  });

  it('an OpenAI chat client (forwarded) gets SSE keep-alive comments', async () => {
    const text = await streamed('/v1/chat/completions', { model: 'oll/writer', messages: [{ role: 'user', content: 'Write src/app.ts' }] });
    expect(between(text, '"tool_calls"').match(/^: keep-alive$/gm)?.length ?? 0).toBeGreaterThan(1);
    expect(text).toContain('data: [DONE]');
  });
});

describe('a timeout after the headers', () => {
  const chainOf = async (first: string): Promise<string> => {
    const rules = await h.app.service.getRoutingRules(undefined);
    const alias = `after-${first.replace('/', '-')}`;
    await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, [alias]: [first, 'cl/quick'] } });
    return alias;
  };
  const attemptsOf = async (alias: string): Promise<[string, string | null][]> => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model: alias, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"content":"done"');
    expect(res.headers.get('x-switchboard-model')).toBe('cl/quick');
    return (await activityEntryOf(h.app, res)).attempts.map((a) => [a.model, a.error_kind]);
  };

  it('from Ollama moves on to the next candidate without trying the same model again; a cloud model is tried again', () => withRules(h.app, { timeout_ms: 1_000, retries_per_model: 1 }, async () => {
    const before = asked.get('slow') ?? 0;
    expect(await attemptsOf(await chainOf('oll/slow'))).toEqual([['oll/slow', 'timeout'], ['cl/quick', null]]);
    expect(asked.get('slow')).toBe(before + 1);
    expect(await attemptsOf(await chainOf('cl/slow'))).toEqual([['cl/slow', 'timeout'], ['cl/slow', 'timeout'], ['cl/quick', null]]);
    expect(asked.get('slow')).toBe(before + 3);
  }));

  it('before any header, once Ollama or LM Studio had the request, moves on as well; a cloud model is tried again', () => withRules(h.app, { timeout_ms: 1_000, retries_per_model: 1 }, async () => {
    const before = asked.get('mute') ?? 0;
    expect(await attemptsOf(await chainOf('oll/mute'))).toEqual([['oll/mute', 'timeout'], ['cl/quick', null]]);
    expect(await attemptsOf(await chainOf('lms/mute'))).toEqual([['lms/mute', 'timeout'], ['cl/quick', null]]);
    expect(asked.get('mute')).toBe(before + 2);
    expect(await attemptsOf(await chainOf('cl/mute'))).toEqual([['cl/mute', 'timeout'], ['cl/mute', 'timeout'], ['cl/quick', null]]);
    expect(asked.get('mute')).toBe(before + 4);
  }));
});
