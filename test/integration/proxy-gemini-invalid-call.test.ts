// A Gemini answer ending with MALFORMED_FUNCTION_CALL or UNEXPECTED_TOOL_CALL (the model's function call
// could not be read), through the real server: a client of another API never gets it as a clean empty
// answer. Before anything reached the client the same model is tried again, then the next; once text went
// out the client's stream ends with its API's error event. A Gemini client gets it as Google sent it (Gemini
// CLI retries it on its own). An answer stopped for another reason (OTHER, LANGUAGE...) before any content is
// such a failed try too.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import type { ActivityEntry } from '../../src/shared/activity-types';
import type { Fault } from '../mocks/types';

let h: Harness;
const ANSWER = 'Hello from the fake gemini provider!';
const MALFORMED = { kind: 'finish-reason', reason: 'MALFORMED_FUNCTION_CALL', message: 'Malformed function call: print(default_api.write_file(path="a.txt"' } as const;

beforeAll(async () => {
  h = await startHarness();
  // the default breaker (3 failures): an invalid call is the model's answer, not the provider unwell, so the
  // failures these tests provoke never cool the model down
  await h.app.service.updateRoutingRules({ retries_per_model: 1 });
});
afterAll(async () => { await h?.close(); });
afterEach(() => { h.gemini.faults.length = 0; });

const entryOf = (res: { headers: Headers }): Promise<ActivityEntry> => activityEntryOf(h.app, res);

const BODIES = {
  chat: (stream: boolean) => ['/v1/chat/completions', { model: MODELS.gemini, stream, messages: [{ role: 'user', content: 'hi' }] }],
  messages: (stream: boolean) => ['/v1/messages', { model: MODELS.gemini, stream, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }],
  responses: (stream: boolean) => ['/v1/responses', { model: MODELS.gemini, stream, store: false, input: 'hi' }],
} as const;

function post(api: keyof typeof BODIES, stream: boolean) {
  const [path, body] = BODIES[api](stream);
  return rawRequest(`${h.url}${path}`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
}

/** the answer text of a response in any of the three APIs, streamed or not */
function answerText(text: string): string {
  return [...text.matchAll(/"(?:content|text|delta)":"([^"]*)"/g)].map((m) => m[1]).join('');
}

const EVERY_API = [
  ['chat', false], ['chat', true], ['messages', false], ['messages', true], ['responses', false], ['responses', true],
] as const;

/** Posts with these faults queued on the fake Gemini; `tries`: the requests it received for it. */
async function postWith(faults: Fault[], api: keyof typeof BODIES, stream: boolean) {
  h.gemini.faults.push(...faults);
  const before = h.gemini.requests.length;
  const res = await post(api, stream);
  return { res, tries: h.gemini.requests.length - before };
}

/** The fault's first try failed as invalid output (with this message); the same model's second served. */
async function expectServedOnSecondTry(fault: Fault, api: keyof typeof BODIES, stream: boolean, message: string): Promise<ActivityEntry> {
  const { res, tries } = await postWith([fault], api, stream);
  expect(res.status).toBe(200);
  expect(answerText(res.text)).toContain(ANSWER);
  expect(tries).toBe(2);
  const entry = await entryOf(res);
  expect(entry.attempts.map((a) => [a.model, a.error_kind])).toEqual([[MODELS.gemini, 'invalid_output'], [MODELS.gemini, null]]);
  expect(entry.attempts[0]!.message).toBe(message);
  return entry;
}

async function withFallbackToOpenAI(fn: () => Promise<void>): Promise<void> {
  await h.app.service.updateRoutingRules({ fallbacks: { [MODELS.gemini]: [MODELS.openai] } });
  try {
    await fn();
  } finally {
    await h.app.service.updateRoutingRules({ fallbacks: {} });
  }
}

/** A Gemini client's generateContent with this fault queued; `tries` as postWith's. */
async function generateWith(fault: Fault) {
  h.gemini.faults.push(fault);
  const before = h.gemini.requests.length;
  const res = await rawRequest(`${h.url}/v1beta/models/${encodeURIComponent(MODELS.gemini)}:generateContent`, {
    headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  });
  return { res, tries: h.gemini.requests.length - before };
}

describe('an answer Gemini ended with an invalid function call, for a client of another API', () => {
  it.each(EVERY_API)('%s (stream %s) is served by the same model tried again', async (api, stream) => {
    const entry = await expectServedOnSecondTry(MALFORMED, api, stream, `Gemini ended its answer with MALFORMED_FUNCTION_CALL: ${MALFORMED.message}`);
    expect(entry.status).toBe(200);
  });

  it.each([false, true])('counts what Google billed for the invalid answer in the row (stream %s): its prompt, at the model\'s price', async (stream) => {
    // the fake bills an invalid call's prompt (21 tokens), as Google does; the answer that served: 21 in, 7 out
    h.gemini.faults.push(MALFORMED);
    const res = await post('chat', stream);
    expect(res.status).toBe(200);
    const entry = await entryOf(res);
    const price = (input: number, output: number): number => (input * 0.5 + output * 1.5) / 1e6;
    expect(entry.attempts[0]!.billed).toEqual({ input_tokens: 21, output_tokens: 0, cost_usd: expect.closeTo(price(21, 0), 12) });
    expect(entry.attempts[1]!.billed).toBeUndefined();
    expect([entry.input_tokens, entry.output_tokens]).toEqual([42, 7]);
    expect(entry.cost_usd).toBeCloseTo(price(42, 7), 12);
    expect(entry.estimated).toBe(false);
  });

  it('bills no failed try whose figures no request can have (as an answer\'s, never trusted)', async () => {
    h.gemini.options.usage = { input: 9e12, output: 7 };
    try {
      h.gemini.faults.push(MALFORMED);
      const res = await post('chat', false);
      expect(res.status).toBe(200);
      const entry = await entryOf(res);
      expect(entry.attempts[0]!.billed).toBeUndefined();
      // the answer that served reported the same: Switchboard's estimate, marked
      expect(entry.estimated).toBe(true);
      expect(entry.cost_usd).toBeLessThan(0.001);
    } finally {
      delete h.gemini.options.usage;
    }
  });

  it('UNEXPECTED_TOOL_CALL alike; failing every try, the client gets 502 naming it, not an empty answer', async () => {
    const unexpected = { kind: 'finish-reason', reason: 'UNEXPECTED_TOOL_CALL', message: 'Unexpected tool call: ls()' } as const;
    h.gemini.faults.push(unexpected, unexpected);
    const res = await post('messages', true);
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain('Gemini ended its answer with UNEXPECTED_TOOL_CALL: Unexpected tool call: ls()');
    const entry = await entryOf(res);
    expect(entry.attempts.map((a) => a.error_kind)).toEqual(['invalid_output', 'invalid_output']);
    // nothing served, but both tries were billed: the failed request's row says what they cost
    expect([entry.input_tokens, entry.output_tokens]).toEqual([42, 0]);
    expect(entry.cost_usd).toBeCloseTo((42 * 0.5) / 1e6, 12);
  });

  it('never cools the model down: after requests failing on it every try, the next is served by it', async () => {
    for (let i = 0; i < 3; i++) {
      h.gemini.faults.push(MALFORMED, MALFORMED);
      expect((await post('chat', false)).status).toBe(502);
    }
    const res = await post('chat', false);
    expect(res.status).toBe(200);
    expect(answerText(res.text)).toContain(ANSWER);
  });

  it('after text went out, ends the stream with the client API\'s error event, not a stop', async () => {
    const { res, tries } = await postWith([{ ...MALFORMED, afterChunks: 2 }], 'messages', true);
    expect(res.status).toBe(200);
    expect(res.text).toContain('event: error');
    expect(res.text).toContain('MALFORMED_FUNCTION_CALL');
    expect(res.text).not.toContain('end_turn');
    expect(res.text).not.toContain('message_stop');
    expect(tries).toBe(1);

    h.gemini.faults.push({ ...MALFORMED, afterChunks: 2 });
    const chat = await post('chat', true);
    expect(chat.text).toMatch(/data: \{"error":\{[^\n]*MALFORMED_FUNCTION_CALL/);
    expect(chat.text).not.toContain('"finish_reason":"stop"');
    expect((await entryOf(chat)).status).toBe(200);
  });
});

describe('an answer Gemini stopped with OTHER before any content, for a client of another API', () => {
  const OTHER = { kind: 'finish-reason', reason: 'OTHER' } as const;

  it.each(EVERY_API)('%s (stream %s) is served by the same model tried again, not given an empty answer', async (api, stream) => {
    await expectServedOnSecondTry(OTHER, api, stream, 'Gemini ended its answer with OTHER before any content');
  });

  it('failing every try, the client gets 502 naming it; after text went out, the stream ends as the text did', async () => {
    h.gemini.faults.push(OTHER, OTHER);
    const res = await post('responses', false);
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain('Gemini ended its answer with OTHER before any content');

    h.gemini.faults.push({ ...OTHER, afterChunks: 2 });
    const cut = await post('messages', true);
    expect(cut.status).toBe(200);
    expect(cut.text).toContain('end_turn');
    expect(cut.text).not.toContain('event: error');
  });

  it.each([['LANGUAGE', 'chat', false], ['TOO_MANY_TOOL_CALLS', 'messages', true], ['NO_IMAGE', 'responses', false], ['IMAGE_OTHER', 'chat', true]] as const)(
    '%s, which the same request meets again, goes to the next candidate at once (%s, stream %s): the prompt billed once', (reason, api, stream) => withFallbackToOpenAI(async () => {
      const { res, tries } = await postWith([{ kind: 'finish-reason', reason }], api, stream);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(MODELS.openai);
      expect(tries).toBe(1);
      const entry = await entryOf(res);
      expect(entry.attempts.map((a) => [a.model, a.error_kind])).toEqual([[MODELS.gemini, 'invalid_output'], [MODELS.openai, null]]);
      expect(entry.attempts[0]!.message).toBe(`Gemini ended its answer with ${reason} before any content`);
    }));

  it('OTHER is still tried again on the same model before the next candidate', () => withFallbackToOpenAI(async () => {
    const { res } = await postWith([OTHER, OTHER], 'chat', false);
    expect(res.status).toBe(200);
    const entry = await entryOf(res);
    expect(entry.attempts.map((a) => [a.model, a.error_kind])).toEqual([[MODELS.gemini, 'invalid_output'], [MODELS.gemini, 'invalid_output'], [MODELS.openai, null]]);
  }));

  it('a Gemini client gets it as Google sent it, no other try made', async () => {
    const { res, tries } = await generateWith(OTHER);
    expect(res.status).toBe(200);
    expect(res.json.candidates).toEqual([{ finishReason: 'OTHER', index: 0 }]);
    expect(tries).toBe(1);
  });
});

describe('for a Gemini client', () => {
  it('is forwarded as Google sent it, no other try made', async () => {
    const { res, tries } = await generateWith(MALFORMED);
    expect(res.status).toBe(200);
    expect(res.json.candidates).toEqual([{ finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: MALFORMED.message, index: 0 }]);
    expect(tries).toBe(1);
  });
});
