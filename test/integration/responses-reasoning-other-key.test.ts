// A Codex session moving between two OpenAI Responses providers (each its own key: its own organization), by a
// fallback (the first answers 429 on the tool-result turn) or by the alias changed between turns. Codex replays every
// output item, the encrypted reasoning the first key made among them; the second provider refuses that with OpenAI's
// 400 "The encrypted content for item rs_... could not be verified." (the fake checks each ciphertext against those
// it issued). Switchboard remembers which provider and key made each item it relayed: those known to be another
// provider's with another key are left out before the turn is sent, and named; unknown ones (never relayed, or
// forgotten after a restart) go as sent, and a refusal sends the turn again once without them, keeping the items
// known to be this key's own, or without any when the key refused its own; the refused item is remembered as refused
// by that provider and key, and left out before its later turns' tries. A second key of ra's organization (KEY_A2)
// and a second provider entry with ra's key (ra2) read ra's reasoning: it goes to them as sent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIResponses, type FakeResponsesProvider } from '../mocks/fake-openai-responses';
import { postJson, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';

const KEY_A = 'sk-proj-keyA-CANARY-0123456789abcdef';
const KEY_B = 'sk-proj-keyB-CANARY-0123456789abcdef';
/** another key of ra's organization: the fake takes it and reads ra's ciphertexts */
const KEY_A2 = 'sk-proj-keyA2-CANARY-0123456789abcdef';
const MODEL = 'gpt-5.1-codex';
const LEFT_OUT = 'input[type=reasoning].encrypted_content';

let h: Harness;
let a: FakeResponsesProvider;
let b: FakeResponsesProvider;

beforeAll(async () => {
  h = await startHarness();
  const callTool = { name: 'exec_command', arguments: { cmd: 'echo hi' } };
  a = await startFakeOpenAIResponses({ apiKey: KEY_A, accounts: [KEY_A2], callTool });
  b = await startFakeOpenAIResponses({ apiKey: KEY_B, callTool });
  for (const [id, fake, key] of [['ra', a, KEY_A], ['rb', b, KEY_B], ['ra2', a, KEY_A]] as const) {
    await h.app.service.createProvider({ id, name: `OpenAI ${id}`, type: 'openai', base_url: fake.url, api_key: key });
    await h.app.service.createModel({
      provider_id: id, model_name: MODEL, input_cost_per_1m: 1.25, output_cost_per_1m: 10, context_length: 400000,
      capabilities: ['chat', 'tools', 'reasoning'], quality: 80, api: 'responses',
    });
  }
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
});
// ra's key and address given again after each test: the 429's rate limit forgotten, for the tests after
afterEach(async () => {
  a.faults.length = 0;
  await h.app.service.updateProvider({ id: 'ra', patch: { api_key: KEY_A, base_url: a.url } });
});
afterAll(async () => {
  await h?.close();
  await Promise.all([a?.close(), b?.close()]);
});

const route = (to: string[]) => h.app.service.updateRoutingRules({ aliases: { sw: to } });

/** Codex's turn body (store false, its encrypted reasoning asked for, exec_command), its input so far. */
function codexBody(input: unknown[], stream: boolean): Record<string, unknown> {
  return {
    model: 'sw', instructions: 'You are a coding agent running in the Codex CLI.', input,
    tools: [{ type: 'function', name: 'exec_command', description: 'Runs a command.', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } }],
    tool_choice: 'auto', parallel_tool_calls: true, reasoning: { effort: 'medium', summary: 'auto' }, store: false, stream,
    include: ['reasoning.encrypted_content'], prompt_cache_key: '01a236c7-a4f9-71b3-9763-9e7cc406c33d',
  };
}

/** One turn through the proxy: its status, dropped header and output items (from response.completed when streamed). */
async function turn(input: unknown[], stream: boolean, on: Harness = h) {
  const res = await postJson(on, '/v1/responses', codexBody(input, stream));
  let output: any[] = [];
  if (res.status === 200) {
    const response = stream
      ? JSON.parse(res.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).find((d) => d.includes('"response.completed"'))!).response
      : res.json;
    output = response.output;
  }
  const dropped = (res.headers.get('x-switchboard-dropped') ?? '').split(',').filter((d) => d !== '');
  return { res, output, dropped };
}

/** What Codex sends back of an answer's items (every one, as given). */
const replayed = (output: any[]) => output.map(({ status: _s, ...item }) => item);
const posts = (f: FakeResponsesProvider) => f.requests.filter((r) => r.method === 'POST');
const reasoningOf = (body: any) => body.input.filter((i: any) => i.type === 'reasoning');
/** The user's next words, as Codex sends them. */
const userSays = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

/** Turn 1 on `ra`: a call to exec_command after reasoning its key encrypted; then the input with the tool's output. */
let sessions = 0;
async function firstTurnOnA(stream: boolean): Promise<unknown[]> {
  await route([`ra/${MODEL}`]);
  // each test a session of its own (a conversation's opening: routing may keep one to the model that served it)
  const user = userSays(`run echo hi (session ${++sessions})`);
  const first = await turn([user], stream);
  expect(first.res.status).toBe(200);
  const items = replayed(first.output);
  expect(items[0]).toMatchObject({ type: 'reasoning', encrypted_content: expect.stringMatching(/^gAAAA/) });
  const call = items.find((i: any) => i.type === 'function_call');
  return [user, ...items, { type: 'function_call_output', call_id: call.call_id, output: 'hi\n' }];
}

/**
 * Two more turns on `fake`, each after the last one's answer: each reaches it in one try, with the reasoning `kept`
 * says goes (the refused item left out and named).
 */
async function laterTurnsInOneTry(fake: FakeResponsesProvider, input: unknown[], stream: boolean, kept: (item: any) => boolean, on: Harness = h): Promise<void> {
  let sofar = input;
  for (const text of ['and again', 'once more']) {
    sofar = [...sofar, userSays(text)];
    const before = posts(fake).length;
    const later = await turn(sofar, stream, on);
    expect(later.res.status, later.res.text).toBe(200);
    const tries = posts(fake).slice(before);
    expect(tries).toHaveLength(1);
    expect(reasoningOf(tries[0]!.body)).toEqual(reasoningOf({ input: sofar }).filter(kept));
    expect(later.dropped).toContain(LEFT_OUT);
    sofar = [...sofar, ...replayed(later.output)];
  }
}

describe.each([false, true])('Codex moving from one OpenAI key to another (streamed: %s)', (stream) => {
  it('the same provider gets its own encrypted reasoning back as sent, nothing named', async () => {
    const input = await firstTurnOnA(stream);
    const before = posts(a).length;
    const next = await turn(input, stream);
    expect(next.res.status).toBe(200);
    expect(next.dropped).not.toContain(LEFT_OUT);
    // one try, its input the client's item for item, in the client's order and spelling
    expect(posts(a).length - before).toBe(1);
    expect(JSON.stringify(posts(a).at(-1)!.body.input)).toBe(JSON.stringify(input));
  });

  it('falls back on a 429 to the other key: the first key\'s reasoning, known to be its, is left out before the try, named', async () => {
    const input = await firstTurnOnA(stream);
    await route([`ra/${MODEL}`, `rb/${MODEL}`]);
    a.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '30' }, body: { error: { message: 'Rate limit reached for gpt-5.1-codex.', type: 'requests', param: null, code: 'rate_limit_exceeded' } } });
    const before = posts(b).length;
    const next = await turn(input, stream);
    expect(next.res.status, next.res.text).toBe(200);
    expect(a.faults).toHaveLength(0);
    // one try at rb, not refused first
    const tries = posts(b).slice(before);
    expect(tries.map((t) => reasoningOf(t.body).length)).toEqual([0]);
    expect(tries[0]!.body.input).toEqual(input.filter((i: any) => i.type !== 'reasoning'));
    expect(next.dropped).toContain(LEFT_OUT);
    expect((await activityEntryOf(h.app, next.res)).dropped).toContain(LEFT_OUT);
  });

  it('reasoning Switchboard never relayed (as after a restart) goes as sent: refused, the turn goes again without it, keeping the key\'s own', async () => {
    const input = await firstTurnOnA(stream);
    await route([`rb/${MODEL}`]);
    const second = await turn(input, stream);
    expect(second.res.status, second.res.text).toBe(200);
    const own = replayed(second.output);
    // ra's item under an id Switchboard never saw: who made it is not known
    const unknown = input.map((i: any) => (i.type === 'reasoning' ? { ...i, id: `${i.id}x` } : i));
    const next = [...unknown, ...own, userSays('thanks')];
    const before = posts(b).length;
    const third = await turn(next, stream);
    expect(third.res.status, third.res.text).toBe(200);
    const tries = posts(b).slice(before);
    expect(tries.map((t) => reasoningOf(t.body).length)).toEqual([2, 1]);
    expect(reasoningOf(tries[1]!.body)).toEqual(own.filter((i: any) => i.type === 'reasoning'));
    expect(third.dropped).toContain(LEFT_OUT);
    // the refused item is remembered as refused by rb: the turns after reach it in one try each, without it
    await laterTurnsInOneTry(b, [...next, ...replayed(third.output)], stream, (i) => i.id !== unknown.find((u: any) => u.type === 'reasoning').id);
  });

  it('ra\'s entry switched to another organization after a turn: refused once, and the turns after go in one try each', async () => {
    const input = await firstTurnOnA(stream);
    // ra now holds rb's organization's key and address: ra's reasoning, made by the same provider entry, goes as sent
    await h.app.service.updateProvider({ id: 'ra', patch: { api_key: KEY_B, base_url: b.url } });
    const before = posts(b).length;
    const second = await turn(input, stream);
    expect(second.res.status, second.res.text).toBe(200);
    expect(posts(b).slice(before).map((t) => reasoningOf(t.body).length)).toEqual([1, 0]);
    expect(second.dropped).toContain(LEFT_OUT);
    const first = reasoningOf({ input })[0].id;
    await laterTurnsInOneTry(b, [...input, ...replayed(second.output)], stream, (i) => i.id !== first);
  });

  it('the retry refused in turn (the key\'s own unreadable too): that turn fails, the next reaches the provider in one try', async () => {
    const input = await firstTurnOnA(stream);
    await route([`rb/${MODEL}`]);
    const second = await turn(input, stream);
    expect(second.res.status, second.res.text).toBe(200);
    const own = replayed(second.output);
    const unknown = input.map((i: any) => (i.type === 'reasoning' ? { ...i, id: `${i.id}y` } : i));
    const next = [...unknown, ...own, userSays('thanks')];
    // rb no longer verifies the ciphertexts it issued (openai/codex #8119)
    b.state.ciphertexts.clear();
    const before = posts(b).length;
    const third = await turn(next, stream);
    expect(third.res.status).toBe(400);
    expect(posts(b).slice(before).map((t) => reasoningOf(t.body).length)).toEqual([2, 1]);
    // Codex sends the turn again: both refused items are left out before the try
    const then = posts(b).length;
    const again = await turn(next, stream);
    expect(again.res.status, again.res.text).toBe(200);
    expect(posts(b).slice(then).map((t) => reasoningOf(t.body).length)).toEqual([0]);
    expect(again.dropped).toContain(LEFT_OUT);
  });

  it('the alias changed between turns: the other key\'s provider answers the tool result, and the session goes on', async () => {
    const input = await firstTurnOnA(stream);
    await route([`rb/${MODEL}`]);
    const second = await turn(input, stream);
    expect(second.res.status, second.res.text).toBe(200);
    expect(second.dropped).toContain(LEFT_OUT);
    expect((await activityEntryOf(h.app, second.res)).dropped).toContain(LEFT_OUT);
    // the next turn replays both keys' reasoning: it reaches rb in one try, rb's own kept, ra's left out and named
    const own = replayed(second.output);
    const before = posts(b).length;
    const third = await turn([...input, ...own, userSays('thanks')], stream);
    expect(third.res.status, third.res.text).toBe(200);
    const tries = posts(b).slice(before);
    expect(tries).toHaveLength(1);
    expect(reasoningOf(tries[0]!.body)).toEqual(own.filter((i: any) => i.type === 'reasoning'));
    expect(reasoningOf(tries[0]!.body)).toHaveLength(1);
    expect(tries[0]!.body.input.filter((i: any) => i.type !== 'reasoning')).toEqual([...input, ...own, userSays('thanks')].filter((i: any) => i.type !== 'reasoning'));
    expect(third.dropped).toContain(LEFT_OUT);
    expect((await activityEntryOf(h.app, third.res)).dropped).toContain(LEFT_OUT);
    // and back on ra: its own reasoning goes, rb's is left out, in one try
    await route([`ra/${MODEL}`]);
    const back = posts(a).length;
    const fourth = await turn([...input, ...own, ...replayed(third.output), userSays('and again')], stream);
    expect(fourth.res.status, fourth.res.text).toBe(200);
    const onA = posts(a).slice(back);
    expect(onA).toHaveLength(1);
    expect(reasoningOf(onA[0]!.body)).toEqual(input.filter((i: any) => i.type === 'reasoning'));
    expect(fourth.dropped).toContain(LEFT_OUT);
  });
  it('another key of the same organization on ra, or ra\'s key on another provider entry: the reasoning goes as sent', async () => {
    const input = await firstTurnOnA(stream);
    // the same key on the provider entry ra2
    await route([`ra2/${MODEL}`]);
    const before = posts(a).length;
    const second = await turn(input, stream);
    expect(second.res.status, second.res.text).toBe(200);
    expect(second.dropped).not.toContain(LEFT_OUT);
    expect(posts(a).slice(before).map((t) => t.body.input)).toEqual([input]);
    // ra's key rotated to another of its organization: the same turn again, on ra
    await route([`ra/${MODEL}`]);
    await h.app.service.updateProvider({ id: 'ra', patch: { api_key: KEY_A2 } });
    const then = posts(a).length;
    const again = await turn(input, stream);
    expect(again.res.status, again.res.text).toBe(200);
    expect(again.dropped).not.toContain(LEFT_OUT);
    const tries = posts(a).slice(then);
    expect(tries.map((t) => t.body.input)).toEqual([input]);
    expect(tries[0]!.headers.authorization).toBe(`Bearer ${KEY_A2}`);
  });

  it('a key that refuses its own reasoning: the turn goes again without any, and the refused item is left out after', async () => {
    const input = await firstTurnOnA(stream);
    // the provider no longer verifies the ciphertexts it issued (openai/codex #8119)
    a.state.ciphertexts.clear();
    const before = posts(a).length;
    const second = await turn(input, stream);
    expect(second.res.status, second.res.text).toBe(200);
    expect(posts(a).slice(before).map((t) => reasoningOf(t.body).length)).toEqual([1, 0]);
    expect(second.dropped).toContain(LEFT_OUT);
    expect((await activityEntryOf(h.app, second.res)).dropped).toContain(LEFT_OUT);
    // the next turn: the refused item is left out before the try, the reasoning made since goes
    const own = replayed(second.output);
    const then = posts(a).length;
    const third = await turn([...input, ...own, userSays('thanks')], stream);
    expect(third.res.status, third.res.text).toBe(200);
    const tries = posts(a).slice(then);
    expect(tries).toHaveLength(1);
    expect(reasoningOf(tries[0]!.body)).toEqual(own.filter((i: any) => i.type === 'reasoning'));
    expect(third.dropped).toContain(LEFT_OUT);
  });

  it('an encrypted compaction item refused: no retry without the reasoning, the refusal reaches the client', async () => {
    const input = await firstTurnOnA(stream);
    // ra's reasoning under an id Switchboard never saw: a retry would have something to leave out
    const unknown = input.map((i: any) => (i.type === 'reasoning' ? { ...i, id: `${i.id}x` } : i));
    const refusal = { error: { message: 'The encrypted content for item cmp_34a1b2c3d4e5f6 could not be verified.', type: 'invalid_request_error', param: null, code: 'invalid_encrypted_content' } };
    a.faults.push({ kind: 'status', status: 400, body: refusal }, { kind: 'status', status: 400, body: refusal });
    const before = posts(a).length;
    const second = await turn(unknown, stream);
    expect(second.res.status).toBe(400);
    expect(second.res.text).toContain('cmp_34a1b2c3d4e5f6');
    expect(posts(a).length - before).toBe(1);
  });
});

describe.each([false, true])('after a restart, nothing remembered (streamed: %s)', (stream) => {
  let fresh: Harness;
  beforeAll(async () => {
    fresh = await startHarness();
    await fresh.app.service.createProvider({ id: 'rb', name: 'OpenAI rb', type: 'openai', base_url: b.url, api_key: KEY_B });
    await fresh.app.service.createModel({
      provider_id: 'rb', model_name: MODEL, input_cost_per_1m: 1.25, output_cost_per_1m: 10, context_length: 400000,
      capabilities: ['chat', 'tools', 'reasoning'], quality: 80, api: 'responses',
    });
    await fresh.app.service.updateRoutingRules({ retries_per_model: 0, aliases: { sw: [`rb/${MODEL}`] } });
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it('ra\'s reasoning refused by rb: the refusal is remembered, and the turns after go in one try each', async () => {
    // the session's first turn on ra, before the restart
    const input = await firstTurnOnA(stream);
    const before = posts(b).length;
    const second = await turn(input, stream, fresh);
    expect(second.res.status, second.res.text).toBe(200);
    expect(posts(b).slice(before).map((t) => reasoningOf(t.body).length)).toEqual([1, 0]);
    const first = reasoningOf({ input })[0].id;
    await laterTurnsInOneTry(b, [...input, ...replayed(second.output)], stream, (i) => i.id !== first, fresh);
  });
});
