// Parallel Responses function_call items with call_id "" (a Responses-compatible server's), for an Anthropic client.
// Before: '' is a string, so the fallback to the item's id never happened, and toolUseId mapped every empty id to
// the one constant `toolu_none`: the client got two calls of the same id, sent back two results of that id, and
// the next upstream request held one call/output pair: the other call and its output were gone. Now an empty
// call_id falls back to the item's id, else an id generated per call, streamed and not; and a chat client's calls
// with id "" reach an Anthropic or a Responses upstream under ids of their own, their results paired in order with
// the calls of their own assistant turn (review of 925a317: a Responses upstream got call_id "", and results paired
// first-in-first-out across the whole conversation). Real proxy, real SQLite, upstreams on 127.0.0.1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
let bodies: Record<string, unknown>[] = [];
/** whether the function_call items carry an id of their own (else both call_id and id are "") */
let itemIds = true;
/** whether the Anthropic upstream answers two tool_use blocks of id "" */
let anthropicCalls = false;

const sse = (data: { type: string }): string => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((raw, res, req) => {
    const body = JSON.parse(raw.toString()) as Record<string, unknown>;
    bodies.push(body);
    if (req.url?.endsWith('/v1/messages')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const content = anthropicCalls
        ? ['a.txt', 'b.txt'].map((path) => ({ type: 'tool_use', id: '', name: 'Read', input: { path } }))
        : [{ type: 'text', text: 'done' }];
      res.end(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content, stop_reason: anthropicCalls ? 'tool_use' : 'end_turn', usage: { input_tokens: 10, output_tokens: 2 } }));
      return;
    }
    const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15 };
    const calls = ['a.txt', 'b.txt'].map((path, i) => ({ type: 'function_call', id: itemIds ? `fc_${i}` : '', call_id: '', name: 'Read', arguments: JSON.stringify({ path }), status: 'completed' }));
    const response = { id: 'resp_1', object: 'response', model: 'gpt-r', status: 'completed', output: calls, usage };
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(response));
      return;
    }
    let text = sse({ type: 'response.created', response: { ...response, status: 'in_progress', output: [], usage: null } } as never);
    calls.forEach((call, i) => {
      text += sse({ type: 'response.output_item.added', output_index: i, item: { ...call, arguments: '', status: 'in_progress' } } as never)
        + sse({ type: 'response.function_call_arguments.delta', item_id: call.id, output_index: i, delta: call.arguments } as never)
        + sse({ type: 'response.output_item.done', output_index: i, item: call } as never);
    });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(text + sse({ type: 'response.completed', response } as never));
  });
  await h.app.service.createProvider({ id: 'er', name: 'er', type: 'openai', base_url: `${upstream.origin}/v1`, api_key: 'sk-er-0000000000000000000000' });
  await h.app.service.createProvider({ id: 'ea', name: 'ea', type: 'anthropic', base_url: upstream.origin, api_key: 'sk-ant-ea-00000000000000000000' });
  const model = { input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100_000, capabilities: ['chat', 'tools'] as ('chat' | 'tools')[] };
  await h.app.service.createModel({ provider_id: 'er', model_name: 'gpt-r', api: 'responses', ...model });
  await h.app.service.createModel({ provider_id: 'ea', model_name: 'claude-x', ...model });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

beforeEach(() => {
  bodies = [];
  itemIds = true;
  anthropicCalls = false;
});

const post = (path: string, body: unknown) => postJson(h, path, body);

const TOOLS = [{ name: 'Read', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];
const ASK = { role: 'user', content: 'read a.txt and b.txt' };

/** the tool_use ids of an Anthropic answer, JSON or SSE */
const toolUseIds = (text: string): string[] => [...text.matchAll(/"type":"tool_use","id":"([^"]*)"/g)].map((m) => m[1]!);

describe('parallel Responses function calls with call_id "", for an Anthropic client', () => {
  it.each([
    ['JSON, items with ids', false, true],
    ['stream, items with ids', true, true],
    ['JSON, items without ids', false, false],
    ['stream, items without ids', true, false],
  ])('%s: two calls of two ids, and both call/output pairs go back upstream', async (_n, stream, withIds) => {
    itemIds = withIds;
    const first = await post('/v1/messages', { model: 'er/gpt-r', max_tokens: 100, stream, tools: TOOLS, messages: [ASK] });
    expect(first.status, first.text).toBe(200);
    const ids = toolUseIds(first.text);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    if (withIds) expect(ids).toEqual(['fc_0', 'fc_1']);

    const second = await post('/v1/messages', {
      model: 'er/gpt-r', max_tokens: 100, tools: TOOLS,
      messages: [
        ASK,
        { role: 'assistant', content: ids.map((id, i) => ({ type: 'tool_use', id, name: 'Read', input: { path: ['a.txt', 'b.txt'][i] } })) },
        { role: 'user', content: ids.map((id, i) => ({ type: 'tool_result', tool_use_id: id, content: `content of ${['a', 'b'][i]}` })) },
      ],
    });
    expect(second.status, second.text).toBe(200);
    const input = bodies.at(-1)!.input as { type: string; call_id?: string; output?: string }[];
    const calls = input.filter((i) => i.type === 'function_call');
    const outputs = input.filter((i) => i.type === 'function_call_output');
    expect(calls.map((c) => c.call_id)).toEqual(ids);
    expect(outputs.map((o) => [o.call_id, o.output])).toEqual([[ids[0], 'content of a'], [ids[1], 'content of b']]);
  });
});

describe('a chat client\'s calls with id "" (never answered), for an Anthropic upstream', () => {
  it('go under ids of their own, each with its own result', async () => {
    const res = await post('/v1/chat/completions', {
      model: 'ea/claude-x',
      messages: [
        ASK,
        { role: 'assistant', content: null, tool_calls: ['a.txt', 'b.txt'].map((path) => ({ id: '', type: 'function', function: { name: 'Read', arguments: JSON.stringify({ path }) } })) },
        { role: 'user', content: 'never mind' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const messages = bodies.at(-1)!.messages as { role: string; content: { type: string; id?: string; tool_use_id?: string }[] }[];
    const blocks = messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    const uses = blocks.filter((b) => b.type === 'tool_use').map((b) => b.id);
    expect(uses).toHaveLength(2);
    expect(new Set(uses).size).toBe(2);
    expect(blocks.filter((b) => b.type === 'tool_result').map((r) => r.tool_use_id)).toEqual(uses);
  });
});

describe('an Anthropic-format upstream\'s parallel tool_use blocks with id "", for a chat client', () => {
  it('reach it as two calls of two ids', async () => {
    anthropicCalls = true;
    const res = await post('/v1/chat/completions', { model: 'ea/claude-x', messages: [ASK], tools: [{ type: 'function', function: { name: 'Read', parameters: { type: 'object' } } }] });
    expect(res.status, res.text).toBe(200);
    const ids = (res.json.choices[0].message.tool_calls as { id: string }[]).map((c) => c.id);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('calls and results with id "" of a client of another API (review of 925a317)', () => {
  const call = (path: string) => ({ id: '', type: 'function', function: { name: 'Read', arguments: JSON.stringify({ path }) } });

  it('a chat client\'s unanswered calls reach a Responses upstream under call_ids of their own, each with its own output', async () => {
    const res = await post('/v1/chat/completions', {
      model: 'er/gpt-r',
      messages: [ASK, { role: 'assistant', content: null, tool_calls: [call('a.txt'), call('b.txt')] }, { role: 'user', content: 'never mind' }],
    });
    expect(res.status, res.text).toBe(200);
    const input = bodies.at(-1)!.input as { type: string; call_id?: string }[];
    const ids = input.filter((i) => i.type === 'function_call').map((c) => c.call_id);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(2);
    expect(input.filter((i) => i.type === 'function_call_output').map((o) => o.call_id)).toEqual(ids);
  });

  // turn 1 leaves its second call unanswered; turn 2's output is of turn 2's call, not the oldest unanswered one
  const fc = (path: string) => ({ type: 'function_call', call_id: '', name: 'Read', arguments: JSON.stringify({ path }) });
  const out = (output: string) => ({ type: 'function_call_output', call_id: '', output });

  it('a Responses client\'s outputs pair with the calls of their own assistant turn, for an Anthropic upstream', async () => {
    const res = await post('/v1/responses', {
      model: 'ea/claude-x', store: false, tools: [{ type: 'function', name: 'Read', parameters: { type: 'object' } }],
      input: [
        { role: 'user', content: 'read a.txt and b.txt' },
        fc('a.txt'), fc('b.txt'), out('content of a'),
        { role: 'user', content: 'read c.txt instead' },
        fc('c.txt'), out('content of c'),
      ],
    });
    expect(res.status, res.text).toBe(200);
    const blocks = (bodies.at(-1)!.messages as { content: unknown }[]).flatMap((m) => (Array.isArray(m.content) ? m.content as { type: string; id?: string; tool_use_id?: string; input?: { path?: string }; content?: unknown }[] : []));
    const uses = blocks.filter((b) => b.type === 'tool_use');
    expect(uses).toHaveLength(3);
    const resultOf = (path: string) => blocks.find((b) => b.type === 'tool_result' && b.tool_use_id === uses.find((u) => u.input?.path === path)!.id)?.content;
    expect(JSON.stringify(resultOf('a.txt'))).toContain('content of a');
    expect(JSON.stringify(resultOf('c.txt'))).toContain('content of c');
  });
  // review of faab426: the model's messages in a row are one turn (GPT-5 writes commentary between its calls), so
  // both outputs pair with the calls before them, in order, not with the calls after the commentary alone
  it('a Responses client\'s outputs pair with calls on either side of the model\'s commentary, for an Anthropic upstream', async () => {
    const res = await post('/v1/responses', {
      model: 'ea/claude-x', store: false, tools: [{ type: 'function', name: 'Read', parameters: { type: 'object' } }],
      input: [
        { role: 'user', content: 'read a.txt and b.txt' },
        fc('a.txt'),
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'and b' }] },
        fc('b.txt'), out('A'), out('B'),
      ],
    });
    expect(res.status, res.text).toBe(200);
    const blocks = (bodies.at(-1)!.messages as { content: unknown }[]).flatMap((m) => (Array.isArray(m.content) ? m.content as { type: string; id?: string; tool_use_id?: string; input?: { path?: string }; content?: unknown }[] : []));
    const uses = blocks.filter((b) => b.type === 'tool_use');
    expect(uses.map((u) => u.input?.path)).toEqual(['a.txt', 'b.txt']);
    const results = blocks.filter((b) => b.type === 'tool_result');
    const text = (content: unknown) => (content as { text: string }[]).map((c) => c.text).join('');
    expect(results.map((r) => [uses.find((u) => u.id === r.tool_use_id)?.input?.path, text(r.content)])).toEqual([['a.txt', 'A'], ['b.txt', 'B']]);
  });
});
