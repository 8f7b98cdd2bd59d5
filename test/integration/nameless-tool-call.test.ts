// A provider's tool call with an empty name (OpenAI chat, Responses, Gemini), translated for a client of another
// API. Before: it reached an Anthropic client as tool_use name "" (Claude Code runs nothing and sends the history
// back), and Switchboard then refused its own output on every later turn (400 messages.N.content.M.name: must be a
// non-empty string): the session was stuck for good. Now a nameless call is invalid output: before anything reached
// the client the try fails and is retried (here the retry names its call); after content went out, the client's
// stream ends with an error event. A nameless tool_use replayed from a stuck session is carried under a placeholder
// name. Real proxy, real SQLite, one upstream on 127.0.0.1 speaking the three wire formats.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { activityEntryOf } from './helpers/routing-harness';

let h: Harness;
let upstream: RawUpstream;
/** requests the upstream took in this test */
let hits = 0;
/**
 * 'retry': the first answer's call is nameless, later ones name it; 'late': text, then a nameless call, every time;
 * 'named': text, then a named call, every time
 */
let mode: 'retry' | 'late' | 'named' = 'retry';
let lastBody: Record<string, unknown> | undefined;
/**
 * how a streamed chat call names its tool: in its first delta (default), in a later delta after one with the id
 * alone ('id-first') or with `name: null` ('null-first'), or first and then as "" in later deltas of the same id (vLLM)
 */
let naming: 'first' | 'id-first' | 'null-first' | 'vllm' = 'first';
/**
 * the first streamed chat answer: a call with its id alone whose long arguments come before any name, then the stream
 * ends there ('cut'), after text ('text-cut'), or finishes with the call never named, stating no usage ('never') or
 * 3,000 output tokens on its finish chunk ('never-stated', as servers that state usage on every chunk do)
 */
let firstTry: 'cut' | 'text-cut' | 'never' | 'never-stated' | undefined;

/** argument text of ~1,900 characters, some hundreds of tokens */
const HELD = `{"path":"${Array.from({ length: 200 }, (_, i) => `dir${i}/`).join('')}`;

const ARGS = { path: 'a.txt' };
const sse = (data: unknown, event?: string): string => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

function chatAnswer(res: ServerResponse, stream: boolean, name: string, text: string): void {
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id: 'c1', object: 'chat.completion', model: 'gpt-x',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: text || null, tool_calls: [{ id: 'call_x', type: 'function', function: { name, arguments: JSON.stringify(ARGS) } }] } }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }));
    return;
  }
  const chunk = (delta: unknown, finish: string | null = null): string => sse({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-x', choices: [{ index: 0, delta, finish_reason: finish }] });
  const head = { index: 0, id: 'call_x', type: 'function' };
  if (firstTry && hits === 1) {
    const held = chunk({ role: 'assistant', tool_calls: [head] }) + chunk({ tool_calls: [{ index: 0, function: { arguments: HELD } }] });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (firstTry === 'cut') res.end(held);
    else if (firstTry === 'text-cut') res.end(chunk({ role: 'assistant', content: 'Let me look.' }) + held);
    else {
      const usage = { prompt_tokens: 10, completion_tokens: 3000, total_tokens: 3010 };
      const finish = { id: 'c1', object: 'chat.completion.chunk', model: 'gpt-x', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] };
      res.end(held + chunk({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] })
        + sse(firstTry === 'never-stated' ? { ...finish, usage } : finish) + 'data: [DONE]\n\n');
    }
    return;
  }
  const calls = naming === 'id-first'
    ? chunk({ role: 'assistant', tool_calls: [head] }) + chunk({ tool_calls: [{ index: 0, function: { name, arguments: '' } }] })
      + chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(ARGS) } }] })
    : naming === 'null-first'
      // argument text before the name: held, and sent after the call's start
      ? chunk({ role: 'assistant', tool_calls: [{ ...head, function: { name: null, arguments: '{"path":' } }] })
        + chunk({ tool_calls: [{ index: 0, function: { name } }] }) + chunk({ tool_calls: [{ index: 0, function: { arguments: '"a.txt"}' } }] })
      : naming === 'vllm'
        ? chunk({ role: 'assistant', tool_calls: [{ ...head, function: { name, arguments: '' } }] })
          + chunk({ tool_calls: [{ ...head, function: { name: '', arguments: '{"path":' } }] }) + chunk({ tool_calls: [{ index: 0, function: { name: '', arguments: '"a.txt"}' } }] })
        : chunk({ role: 'assistant', tool_calls: [{ ...head, function: { name, arguments: '' } }] })
          + chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(ARGS) } }] });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end((text ? chunk({ role: 'assistant', content: text }) : '')
    + calls
    + chunk({}, 'tool_calls')
    + sse({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-x', choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } })
    + 'data: [DONE]\n\n');
}

function responsesAnswer(res: ServerResponse, stream: boolean, name: string, text: string): void {
  const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15 };
  const call = { type: 'function_call', id: 'fc_1', call_id: 'call_x', name, arguments: JSON.stringify(ARGS), status: 'completed' };
  const message = { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
  const output = text ? [message, call] : [call];
  const response = { id: 'resp_1', object: 'response', model: 'gpt-x', status: 'completed', output, usage };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(response));
    return;
  }
  const ev = (data: { type: string }): string => sse(data, data.type);
  let body = ev({ type: 'response.created', response: { ...response, status: 'in_progress', output: [], usage: null } } as never);
  if (text) {
    body += ev({ type: 'response.output_item.added', output_index: 0, item: { ...message, status: 'in_progress', content: [] } } as never)
      + ev({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: text } as never)
      + ev({ type: 'response.output_item.done', output_index: 0, item: message } as never);
  }
  const at = text ? 1 : 0;
  body += ev({ type: 'response.output_item.added', output_index: at, item: { ...call, arguments: '', status: 'in_progress' } } as never)
    + ev({ type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: at, delta: call.arguments } as never)
    + ev({ type: 'response.function_call_arguments.done', item_id: 'fc_1', output_index: at, arguments: call.arguments } as never)
    + ev({ type: 'response.output_item.done', output_index: at, item: call } as never)
    + ev({ type: 'response.completed', response } as never);
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(body);
}

function geminiAnswer(res: ServerResponse, stream: boolean, name: string, text: string): void {
  const usageMetadata = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };
  const callPart = { functionCall: { name, args: ARGS } };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: text ? [{ text }, callPart] : [callPart] } }], usageMetadata, modelVersion: 'gem-x' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end((text ? sse({ candidates: [{ index: 0, content: { role: 'model', parts: [{ text }] } }], usageMetadata, modelVersion: 'gem-x' }) : '')
    + sse({ candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: [callPart] } }], usageMetadata, modelVersion: 'gem-x' }));
}

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((raw, res, req) => {
    hits++;
    const body = JSON.parse(raw.toString()) as Record<string, unknown>;
    lastBody = body;
    const nameless = mode === 'late' || (mode === 'retry' && hits === 1);
    const name = nameless ? '' : 'Read';
    const text = mode === 'retry' ? '' : 'Let me look.';
    const url = req.url ?? '';
    if (url.endsWith('/v1/messages')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 5, output_tokens: 1 } }));
    } else if (url.includes(':streamGenerateContent')) geminiAnswer(res, true, name, text);
    else if (url.includes(':generateContent')) geminiAnswer(res, false, name, text);
    else if (url.endsWith('/responses')) responsesAnswer(res, body.stream === true, name, text);
    else chatAnswer(res, body.stream === true, name, text);
  });
  await h.app.service.createProvider({ id: 'nc', name: 'nc', type: 'openai', base_url: `${upstream.origin}/v1`, api_key: 'sk-nc-0000000000000000000000' });
  await h.app.service.createProvider({ id: 'na', name: 'na', type: 'anthropic', base_url: upstream.origin, api_key: 'sk-ant-na-00000000000000000000' });
  await h.app.service.createProvider({ id: 'ng', name: 'ng', type: 'gemini', base_url: upstream.origin, api_key: 'gm-ng-0000000000000000000000' });
  const model = { input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100_000, capabilities: ['chat', 'tools'] as const };
  await h.app.service.createModel({ provider_id: 'nc', model_name: 'gpt-x', ...model, capabilities: [...model.capabilities] });
  await h.app.service.createModel({ provider_id: 'nc', model_name: 'gpt-r', api: 'responses', ...model, capabilities: [...model.capabilities] });
  await h.app.service.createModel({ provider_id: 'ng', model_name: 'gem-x', ...model, capabilities: [...model.capabilities] });
  await h.app.service.createModel({ provider_id: 'na', model_name: 'claude-x', ...model, capabilities: [...model.capabilities] });
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 1 });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

beforeEach(() => {
  hits = 0;
  mode = 'retry';
  naming = 'first';
  firstTry = undefined;
});

const post = (path: string, body: unknown) => postJson(h, path, body);

const UPSTREAM_MODELS = [['OpenAI chat', 'nc/gpt-x'], ['Responses', 'nc/gpt-r'], ['Gemini', 'ng/gem-x']] as const;
const TOOLS = [{ name: 'Read', description: 'read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];
const anthropicBody = (model: string, stream: boolean) => ({ model, max_tokens: 100, stream, tools: TOOLS, messages: [{ role: 'user', content: 'read a.txt' }] });

/** every tool_use name an Anthropic answer (JSON or SSE) holds */
function toolUseNames(text: string): string[] {
  return [...text.matchAll(/"type":"tool_use","id":"[^"]*","name":"([^"]*)"/g)].map((m) => m[1]!);
}

describe('a nameless tool call from a translated provider, for an Anthropic client', () => {
  it.each(UPSTREAM_MODELS.flatMap(([name, model]) => [[name, model, false], [name, model, true]] as const))(
    '%s (%s, stream %s): the try fails as invalid output and the retry\'s named call is what the client gets', async (_n, model, stream) => {
      const res = await post('/v1/messages', anthropicBody(model, stream));
      expect(res.status, res.text).toBe(200);
      expect(toolUseNames(res.text)).toEqual(['Read']);
      expect(hits).toBe(2);
    });

  it.each(UPSTREAM_MODELS)('%s (%s, stream): after text went out, the stream ends with an error event, not a nameless tool_use', async (_n, model) => {
    mode = 'late';
    const res = await post('/v1/messages', anthropicBody(model, true));
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('Let me look.');
    expect(toolUseNames(res.text)).toEqual([]);
    expect(res.text).toContain('event: error');
    expect(res.text).toMatch(/tool call with no name/);
  });
});

describe('a nameless tool call, for clients of the other APIs', () => {
  it.each([
    ['chat client, Responses upstream', '/v1/chat/completions', { model: 'nc/gpt-r', messages: [{ role: 'user', content: 'read a.txt' }], tools: [{ type: 'function', function: { name: 'Read', parameters: { type: 'object' } } }] }],
    ['chat client, Gemini upstream', '/v1/chat/completions', { model: 'ng/gem-x', messages: [{ role: 'user', content: 'read a.txt' }], tools: [{ type: 'function', function: { name: 'Read', parameters: { type: 'object' } } }] }],
    ['Responses client, chat upstream', '/v1/responses', { model: 'nc/gpt-x', store: false, input: 'read a.txt', tools: [{ type: 'function', name: 'Read', parameters: { type: 'object' } }] }],
    ['Gemini client, chat upstream', '/v1beta/models/nc%2Fgpt-x:generateContent', { contents: [{ role: 'user', parts: [{ text: 'read a.txt' }] }], tools: [{ functionDeclarations: [{ name: 'Read', parameters: { type: 'object' } }] }] }],
  ])('%s: retried, and the client gets the named call only', async (_n, path, body) => {
    for (const stream of [false, true]) {
      hits = 0;
      const gemini = path.startsWith('/v1beta');
      const res = gemini ? await post(stream ? path.replace(':generateContent', ':streamGenerateContent?alt=sse') : path, body) : await post(path, { ...body, stream });
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain('Read');
      expect(res.text).not.toMatch(/"name":""/);
      expect(hits).toBe(2);
    }
  });
});

describe('a nameless tool_use sent back by an Anthropic client (a session stuck before the fix)', () => {
  it('is carried to a translated provider under a placeholder name, its result paired, instead of a 400', async () => {
    const res = await post('/v1/messages', {
      model: 'nc/gpt-x', max_tokens: 100, tools: TOOLS,
      messages: [
        { role: 'user', content: 'read a.txt' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_x', name: '', input: ARGS }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_x', content: 'no tool by that name' }] },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const messages = lastBody!.messages as { role: string; tool_calls?: { id: string; function: { name: string } }[]; tool_call_id?: string }[];
    const call = messages.find((m) => m.tool_calls)!.tool_calls![0]!;
    expect(call.function.name).not.toBe('');
    expect(messages.find((m) => m.role === 'tool')!.tool_call_id).toBe(call.id);
  });
});

describe('a streamed chat call whose name comes after its first delta (valid OpenAI-compatible streams)', () => {
  it.each([['id-first'], ['null-first'], ['vllm']] as const)('%s: an Anthropic client gets the named call and its arguments on the first try', async (shape) => {
    naming = shape;
    mode = 'named';
    // text goes first: a call wrongly taken as nameless would end the stream with an error, not be retried
    const res = await post('/v1/messages', anthropicBody('nc/gpt-x', true));
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain('event: error');
    expect(toolUseNames(res.text)).toEqual(['Read']);
    const args = [...res.text.matchAll(/"partial_json":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string).join('');
    expect(JSON.parse(args)).toEqual(ARGS);
    expect(hits).toBe(1);
  });

  it.each([['id-first'], ['null-first'], ['vllm']] as const)('%s: a Responses client gets the named call and its arguments on the first try', async (shape) => {
    naming = shape;
    mode = 'named';
    const res = await post('/v1/responses', { model: 'nc/gpt-x', store: false, stream: true, input: 'read a.txt', tools: [{ type: 'function', name: 'Read', parameters: { type: 'object' } }] });
    expect(res.status, res.text).toBe(200);
    const done = res.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as { type: string; item?: { type: string; name?: string; arguments?: string } })
      .filter((e) => e.type === 'response.output_item.done' && e.item?.type === 'function_call');
    expect(done.map((e) => e.item!.name)).toEqual(['Read']);
    expect(JSON.parse(done[0]!.item!.arguments!)).toEqual(ARGS);
    expect(hits).toBe(1);
  });

  it('id-first, never named: still invalid output, retried (the retry names it)', async () => {
    naming = 'id-first';
    const res = await post('/v1/messages', anthropicBody('nc/gpt-x', true));
    expect(res.status, res.text).toBe(200);
    expect(toolUseNames(res.text)).toEqual(['Read']);
    expect(hits).toBe(2);
  });
});

describe('the arguments of a streamed chat call not yet named, when the try ends (review of 22a5dc5)', () => {
  // max_tokens past what the arguments come to: the output bound does not hide them
  const bill = async (res: { headers: Headers }) => (await activityEntryOf(h.app, res)).attempts[0]!.billed;

  it('a stream cut while it holds them fails over billed them, not the prompt alone', async () => {
    firstTry = 'cut';
    mode = 'named';
    const res = await post('/v1/messages', { ...anthropicBody('nc/gpt-x', true), max_tokens: 4000 });
    expect(res.status, res.text).toBe(200);
    expect(hits).toBe(2);
    expect((await bill(res))?.output_tokens).toBeGreaterThan(100);
  });

  it('a stream cut while it holds them after text went out is billed them', async () => {
    firstTry = 'text-cut';
    mode = 'named';
    const res = await post('/v1/messages', { ...anthropicBody('nc/gpt-x', true), max_tokens: 4000 });
    expect(res.text).toContain('event: error');
    expect(hits).toBe(1);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.output_tokens).toBeGreaterThan(100);
  });

  it.each([['never', 'its arguments'], ['never-stated', 'the usage the provider stated']] as const)('a call never named (%s) fails over billed %s, not the prompt alone', async (shape, _billed) => {
    firstTry = shape;
    mode = 'named';
    const res = await post('/v1/messages', { ...anthropicBody('nc/gpt-x', true), max_tokens: 4000 });
    expect(res.status, res.text).toBe(200);
    expect(toolUseNames(res.text)).toEqual(['Read']);
    expect(hits).toBe(2);
    const billed = await bill(res);
    if (shape === 'never-stated') expect(billed).toMatchObject({ input_tokens: 10, output_tokens: 3000 });
    else expect(billed?.output_tokens).toBeGreaterThan(100);
  });
});

describe('a nameless tool_use sent back by an Anthropic client to an Anthropic provider (forwarded)', () => {
  // small, and past the size at which the forward copies the client's own bytes for unchanged members
  it.each([['a small body', ''], ['a large body', 'x'.repeat(20_000)]])('%s: goes under the placeholder, not as name "" (which Anthropic refuses)', async (_n, pad) => {
    const res = await post('/v1/messages', {
      model: 'na/claude-x', max_tokens: 100, tools: TOOLS,
      messages: [
        { role: 'user', content: `read a.txt${pad}` },
        { role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'call_x', name: '', input: ARGS }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_x', content: 'no tool by that name' }] },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const messages = lastBody!.messages as { role: string; content: { type: string; id?: string; name?: string; input?: unknown }[] }[];
    const call = messages[1]!.content[1]!;
    expect(call).toEqual({ type: 'tool_use', id: 'call_x', name: 'unnamed_tool', input: ARGS });
    expect(messages[1]!.content[0]).toEqual({ type: 'text', text: 'Let me look.' });
    expect(messages[2]!.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'call_x' });
  });
});
