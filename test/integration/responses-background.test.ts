// background: true through the proxy: one usage row per request, holding what the provider says the
// response used once it has ended (completed, failed or cancelled), as the usage API, the activity API
// and the budgets see it; POST /v1/responses/{id}/cancel reaches the provider that holds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { KEYS, MODELS, rawRequest } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
beforeAll(async () => {
  // the client polls here: Switchboard's own asks (responses-background-settle.test.ts) would move the fake on
  h = await startResponsesHarness({ config: { limits: { backgroundSettle: { firstMs: 600_000, maxMs: 600_000 } } } });
  h.responses.options.usage = { input: 12_000, cached: 2_000, output: 3_000, reasoning: 500 };
});
afterAll(async () => { await h?.close(); });

// gpt-resp-fake: $2 input, $0.50 cached, $8 output per 1M
const COMPLETED_USD = (10_000 * 2 + 2_000 * 0.5 + 3_000 * 8) / 1e6; // 0.045
const PROMPT_USD = (10_000 * 2 + 2_000 * 0.5) / 1e6; // 0.021 (failed having read the prompt)
const CANCELLED_USD = (10_000 * 2 + 2_000 * 0.5 + 1_000 * 8) / 1e6; // 0.029 (a third of the answer)

let n = 0;
/** A profile of its own (so its usage is this test's alone), with a credit balance and a cap. */
async function profile(): Promise<{ id: string; client: OpenAI; token: string }> {
  const id = `bg${++n}`;
  const { token } = await h.app.service.createUser({ id, name: id, credit_balance_usd: 1, monthly_cap_usd: 10 });
  return { id, token, client: new OpenAI({ baseURL: `${h.url}/v1`, apiKey: token, maxRetries: 0 }) };
}

async function create(token: string): Promise<{ id: string; requestId: string }> {
  const res = await rawRequest(`${h.url}/v1/responses`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: RESPONSES_MODEL, input: 'take your time', background: true }),
  });
  expect(res.json).toMatchObject({ status: 'queued' });
  return { id: res.json.id, requestId: res.headers.get('x-switchboard-request-id')! };
}

async function pollToEnd(client: OpenAI, id: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 5; i++) {
    const got = await client.responses.retrieve(id);
    seen.push(got.status!);
    if (got.status !== 'queued' && got.status !== 'in_progress') break;
  }
  return seen;
}

/** What the usage API, the activity API and the budget say of this profile. */
async function recorded(userId: string) {
  const usage = (await adminFetch(h.app, 'GET', '/api/v1/llm/usage?days=1')).json;
  const byUser = usage.by_user.find((u: any) => u.user_id === userId);
  const activity = (await adminFetch(h.app, 'GET', `/api/v1/llm/requests?user_id=${userId}`)).json.requests;
  const credits = (await adminFetch(h.app, 'GET', `/api/v1/llm/credits?user_id=${userId}`)).json;
  return { byUser, activity, credits };
}

function expectExactly(r: Awaited<ReturnType<typeof recorded>>, requestId: string, input: number, output: number, usd: number): void {
  expect(r.byUser).toMatchObject({ requests: 1, input_tokens: input, output_tokens: output });
  expect(r.byUser.cost_usd).toBeCloseTo(usd, 12);
  expect(r.activity).toHaveLength(1);
  expect(r.activity[0]).toMatchObject({ request_id: requestId, input_tokens: input, output_tokens: output });
  expect(r.activity[0].cost_usd).toBeCloseTo(usd, 12);
  expect(r.credits.spent_this_month_usd).toBeCloseTo(usd, 12);
  expect(r.credits.credit_balance_usd).toBeCloseTo(1 - usd, 12);
}

describe('the usage of a background response', () => {
  it('is one row holding the provider\u2019s usage and cost once it completed, not the estimate of its POST', async () => {
    const p = await profile();
    const { id, requestId } = await create(p.token);
    // the POST's row is written by now (the admin API flushes): an estimate, nothing generated yet, so what
    // an answer is expected to cost (its prompt and 500 tokens), counted by the budgets until it ends
    const before = await recorded(p.id);
    expect(before.activity).toHaveLength(1);
    expect(before.activity[0].output_tokens).toBe(500);
    expect(before.activity[0].input_tokens).toBeLessThan(100);
    expect(before.credits.spent_this_month_usd).toBeCloseTo(before.activity[0].cost_usd, 12);
    expect(before.activity[0].cost_usd).toBeGreaterThanOrEqual(500 * 8 / 1e6);

    expect(await pollToEnd(p.client, id)).toEqual(['in_progress', 'completed']);
    expectExactly(await recorded(p.id), requestId, 12_000, 3_000, COMPLETED_USD);
    // asked again: kept here, nothing counted twice
    expect((await p.client.responses.retrieve(id)).status).toBe('completed');
    expectExactly(await recorded(p.id), requestId, 12_000, 3_000, COMPLETED_USD);
  });

  it('is what the provider says it used when the response failed there', async () => {
    const p = await profile();
    h.responses.faults.push({ kind: 'error-body-200' });
    const { id, requestId } = await create(p.token);
    const before = await recorded(p.id);
    expect(before.byUser.errors).toBe(0);
    expect(await pollToEnd(p.client, id)).toEqual(['in_progress', 'failed']);
    const after = await recorded(p.id);
    expectExactly(after, requestId, 12_000, 0, PROMPT_USD);
    // its POST was answered 200 (queued); that it failed is known now: an error in the row and its day
    expect(after.activity[0].error_kind).toBe('server');
    expect(after.byUser.errors).toBe(1);
    const errorsOnly = (await adminFetch(h.app, 'GET', `/api/v1/llm/requests?user_id=${p.id}&status=error`)).json.requests;
    expect(errorsOnly.map((r: any) => r.request_id)).toEqual([requestId]);
  });
});

describe('POST /v1/responses/{id}/cancel', () => {
  it('cancels a pending background response at the provider that holds it, with the same key; its row is what the provider says it used', async () => {
    const p = await profile();
    const { id, requestId } = await create(p.token);
    const cancelled = await p.client.responses.cancel(id);
    expect(cancelled).toMatchObject({ id, status: 'cancelled' });
    const sent = h.responses.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: `/v1/responses/${id}/cancel` });
    expect(sent.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    // kept as it ended: not asked again
    const asked = h.responses.requests.length;
    expect((await p.client.responses.retrieve(id)).status).toBe('cancelled');
    expect(h.responses.requests.length).toBe(asked);
    const after = await recorded(p.id);
    expectExactly(after, requestId, 12_000, 1_000, CANCELLED_USD);
    // cancelled by the client: its own doing, as a client that leaves (not a failure the alerts count)
    expect(after.activity[0].error_kind).toBe('client_closed');
    expect(after.byUser.errors).toBe(0);
  });

  it('is 404 in OpenAI’s shape for an id the profile has no response of: unknown, or another profile’s; none reaches a provider', async () => {
    const p = await profile();
    const q = await profile();
    const pending = await create(p.token);
    const asked = h.responses.requests.length;
    for (const [who, id] of [[p, 'resp_nobody'], [q, pending.id]] as const) {
      const res = await rawRequest(`${h.url}/v1/responses/${id}/cancel`, { headers: { authorization: `Bearer ${who.token}` } });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { message: `Response with id '${id}' not found.`, type: 'invalid_request_error', param: null, code: 'not_found' } });
    }
    expect(h.responses.requests.length).toBe(asked);
    expect((await p.client.responses.retrieve(pending.id)).status).toBe('in_progress');
  });

  it('answers as OpenAI for a response that exists but is not running: an ended background one as it is, one not made in the background 400', async () => {
    const p = await profile();
    const ended = await create(p.token);
    await pollToEnd(p.client, ended.id);
    const done = await p.client.responses.retrieve(ended.id);
    expect(done.status).toBe('completed');
    const translated = await p.client.responses.create({ model: MODELS.anthropic, input: 'hi' });
    const native = await p.client.responses.create({ model: RESPONSES_MODEL, input: 'hi' });
    const asked = h.responses.requests.length;
    // cancelling an ended background response is idempotent: the response as it ended
    const { output_text: _text, ...asEnded } = done;
    expect(await p.client.responses.cancel(ended.id)).toEqual(asEnded);
    for (const id of [translated.id, native.id]) {
      // the id the user just fetched is there: not NotFoundError
      expect((await p.client.responses.retrieve(id)).id).toBe(id);
      const err = await p.client.responses.cancel(id).catch((e: unknown) => e);
      expect(err, id).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
        message: 'Only responses created with background=true can be cancelled.', type: 'invalid_request_error',
      });
    }
    expect(h.responses.requests.length).toBe(asked);
  });
});

describe('continuing a background response (previous_response_id)', () => {
  it('asks its provider first: refused in OpenAI’s shape while it is still running, then sent with its answer once it has ended', async () => {
    const p = await profile();
    const { id } = await create(p.token);
    const posts = () => h.responses.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses').length;
    const before = posts();
    // the provider moves it on to in_progress: still no answer to continue from
    const early = await rawRequest(`${h.url}/v1/responses`, {
      headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: RESPONSES_MODEL, previous_response_id: id, input: 'and then?' }),
    });
    expect(early.status).toBe(400);
    expect(early.json.error).toMatchObject({ type: 'invalid_request_error', param: 'previous_response_id', code: 'response_not_completed' });
    expect(early.json.error.message).toContain('in_progress');
    expect(h.responses.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/responses/${id}` });
    expect(posts()).toBe(before);

    // ended at the provider (asked again): the next turn carries the question and its answer
    const next = await p.client.responses.create({ model: MODELS.anthropic, previous_response_id: id, input: 'and then?' });
    expect(next.status).toBe('completed');
    const sent = h.anthropic.requests.at(-1)!.body.messages as any[];
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(sent[1])).toContain('Hello from the fake openai responses provider!');
    // kept as it ended
    expect((await p.client.responses.retrieve(id)).status).toBe('completed');
  });
});

describe('the provider holding a background response refusing to say what became of it', () => {
  const get = (token: string, path: string) => rawRequest(`${h.url}${path}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
  const next = (token: string, id: string) => rawRequest(`${h.url}/v1/responses`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODELS.anthropic, previous_response_id: id, input: 'and then?' }),
  });

  it('its refusal of Switchboard’s key is a 502 naming that key, not a 401 the client reads as its token’s, on GET, a continuation and a resumed stream', async () => {
    const p = await profile();
    const { id } = await create(p.token);
    for (const ask of [() => get(p.token, `/v1/responses/${id}`), () => next(p.token, id), () => get(p.token, `/v1/responses/${id}?stream=true`)]) {
      h.responses.faults.push({ kind: 'status', status: 401 });
      const res = await ask();
      expect(res.status).toBe(502);
      expect(res.json.error).toMatchObject({ type: 'api_error' });
      expect(res.json.error.message).toContain("fr refused Switchboard's key");
      expect(res.json.error.message).toContain('Incorrect API key provided.');
      expect(res.headers.get('x-should-retry')).toBe('false');
    }
    // the SDK does not blame the sb- token
    h.responses.faults.push({ kind: 'status', status: 401 });
    const err = await p.client.responses.retrieve(id).catch((e) => e);
    expect(err).not.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('its rate limit is a 429 worth waiting for, with its retry-after (1 s when it gave none, 10 minutes at most), on GET, a continuation and a resumed stream', async () => {
    const p = await profile();
    const { id } = await create(p.token);
    const asks = [() => get(p.token, `/v1/responses/${id}`), () => next(p.token, id), () => get(p.token, `/v1/responses/${id}?stream=true`)];
    for (const [ask, headers, wait] of [[asks[0]!, { 'retry-after': '7' }, '7'], [asks[1]!, {}, '1'], [asks[2]!, { 'retry-after-ms': '2500' }, '3'], [asks[0]!, { 'retry-after': '86400' }, '600']] as const) {
      h.responses.faults.push({ kind: 'status', status: 429, headers });
      const res = await ask();
      expect(res.status).toBe(429);
      expect(res.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
      expect(res.headers.get('x-should-retry')).toBe('true');
      expect(res.headers.get('retry-after')).toBe(wait);
    }
    // a fault of the request itself still reaches the client as the provider worded it
    h.responses.faults.push({ kind: 'status', status: 400, body: { error: { message: 'Nope.', type: 'invalid_request_error', param: null, code: 'bad_thing' } } });
    const bad = await get(p.token, `/v1/responses/${id}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'invalid_request_error', message: 'Nope.', code: 'bad_thing' });
  });
});

describe('continuing a background response whose provider has left the catalog', () => {
  it('is a final 400 saying it cannot be continued, not response_not_completed that can never resolve', async () => {
    await h.app.service.createProvider({ id: 'fr-gone', name: 'Fake Responses, soon deleted', type: 'openai-compatible', base_url: h.responses.url, api_key: KEYS.openai });
    await h.app.service.createModel({
      provider_id: 'fr-gone', model_name: 'gpt-resp-fake', input_cost_per_1m: 2, output_cost_per_1m: 8,
      context_length: 400000, capabilities: ['chat', 'tools'], quality: 75, api: 'responses',
    });
    const p = await profile();
    const res = await rawRequest(`${h.url}/v1/responses`, {
      headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fr-gone/gpt-resp-fake', input: 'take your time', background: true }),
    });
    expect(res.json).toMatchObject({ status: 'queued' });
    await h.app.service.deleteProvider({ id: 'fr-gone' });

    const next = await rawRequest(`${h.url}/v1/responses`, {
      headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.anthropic, previous_response_id: res.json.id, input: 'and then?' }),
    });
    expect(next.status).toBe(400);
    expect(next.json.error).toMatchObject({ type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_unavailable' });
    expect(next.json.error.message).toContain('fr-gone is no longer available');
    expect(next.headers.get('x-should-retry')).toBe('false');
    // GET still shows what was last known
    expect((await p.client.responses.retrieve(res.json.id)).status).toBe('queued');
  });
});
