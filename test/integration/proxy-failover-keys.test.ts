// Failover when a provider refuses the account or the key: an account out of credit, a refused key and a
// profile's own key refused or rate-limited are passed over (tried last), and for whom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, rawRequest, type Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { adminFetch } from './helpers/routing-harness';
import { withRules } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const { fakeOf, chain, counts, delta, chat, entryOf } = failoverKit(() => h);

describe('an account out of credit is passed over, not taken for a fault of the request', () => {
  it.each([
    ['OpenRouter 402', 'fo', { kind: 'status', status: 402, body: { error: { message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', code: 402 } } }],
    ['DeepSeek 402', 'fo', { kind: 'status', status: 402, body: { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } } }],
    ['OpenAI 429 insufficient_quota', 'fo', { kind: 'status', status: 429, body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } }],
    ['Anthropic 400 credit balance', 'fa', { kind: 'status', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' } } }],
  ] as const)('%s: the next candidate serves, the row names the broke one', (_what, first, fault) => withRules(h.app, { retries_per_model: 1 }, async () => {
    const next = first === 'fo' ? 'fa' : 'fo';
    const { alias, ids } = await chain(first, next);
    fakeOf(first).faults.push(fault);
    const before = counts();
    const res = await chat(alias);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    // not retried on the same model either: waiting buys no credit
    const expected = [0, 0, 0];
    expected[first === 'fo' ? 0 : 1] = 1;
    expected[next === 'fo' ? 0 : 1] = 1;
    expect(delta(before)).toEqual(expected);
    expect((await entryOf(res)).attempts).toEqual([
      expect.objectContaining({ model: ids[0], error_kind: 'auth', status: fault.status }),
      expect.objectContaining({ model: ids[1], error_kind: null, status: 200 }),
    ]);

    // the next requests do not spend a round trip on the broke provider first: it is tried last
    const again = counts();
    const res2 = await chat(alias);
    expect(res2.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(again)).toEqual(expected.map((n, i) => (i === (next === 'fo' ? 0 : 1) ? n : 0)));
    const preview = await h.app.service.previewRoute({ request: { model: alias, messages: [{ role: 'user', content: 'hi' }] } });
    expect(preview.candidates.map((c) => c.model)).toEqual([ids[1], ids[0]]);
    expect(preview.notes.join(' ')).toContain(`${ids[0]} (key or account refused, HTTP ${fault.status})`);
    // alone it is still tried (and answers: topped up), which puts it back in its place
    const alone = await chat(ids[0]!);
    expect(alone.status).toBe(200);
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
  }));

  it('with no other candidate the client is told the providers failed for good (502), not to fix its request or to wait', async () => {
    const { ids } = await chain('fo');
    h.openai.faults.push({ kind: 'status', status: 402, body: { error: { message: 'Insufficient credits', code: 402 } } });
    const res = await chat(ids[0]!);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.json.error.message).toMatch(/Insufficient credits/);
    // tried last now, but still tried when it is the only one: topped up, it serves (and is in its place again)
    expect((await chat(ids[0]!)).status).toBe(200);
  });
});

describe('a refused key is tried last, not before every request', () => {
  it('the Providers tab says so, and a new key puts the provider back in its place at once', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } });
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    const fo = (await h.app.service.listProviders(undefined)).find((p) => p.id === 'fo');
    expect(fo?.health).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('key or account refused, HTTP 401') });
    const before = counts();
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([0, 1, 0]);
    // the user pastes the key again (the right one): what the provider refused before says nothing about it
    await h.app.service.updateProvider({ id: 'fo', patch: { api_key: KEYS.openai } });
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
  });
});

describe('a profile\'s own key refused', () => {
  it('puts nobody else\'s requests on that provider last: their shared key was not refused', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    const byo = await h.app.service.createUser({ name: 'Byo' });
    // a wrong key of its own: the fake answers 401 to it
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: 'sk-byo-wrong-key-0123456789' });
    const own = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${byo.token}` },
      body: JSON.stringify({ model: alias, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(own.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect((await entryOf(own)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'auth' });
    // the default profile's shared key is fine: its request goes to the first model as before
    const before = counts();
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(before)).toEqual([1, 0, 0]);
  });
});

describe('a profile\'s own key rate-limited', () => {
  const asByo = (token: string, model: string) => rawRequest(`${h.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

  it('cools the model down for nobody else: the shared key still has its quota', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    const byo = await h.app.service.createUser({ name: 'Byo429' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    const own = await asByo(byo.token, alias);
    expect(own.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect((await entryOf(own)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'rate_limit' });
    const before = counts();
    const shared = await chat(alias);
    expect(shared.headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(before)).toEqual([1, 0, 0]);
  });

  it('a profile\'s own key served does not end the shared key\'s refusal', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    const byo = await h.app.service.createUser({ name: 'ByoServed' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    // the shared key refused: fo goes last for everyone on the shared key
    h.openai.faults.push({ kind: 'status', status: 401 });
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    // Byo sends its own key to fo: the shared key's refusal puts nothing last for it (nor does its preview)
    expect((await preview(alias, byo.user.id)).candidates.map((c) => c.model)).toEqual(ids);
    const first = counts();
    expect((await asByo(byo.token, alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(first)).toEqual([1, 0, 0]);
    const before = counts();
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([0, 1, 0]);
    await h.app.service.updateProvider({ id: 'fo', patch: { api_key: KEYS.openai } });
  });

  const preview = async (model: string, userId?: string) => (await adminFetch(h.app, 'POST', '/api/v1/llm/route/preview', {
    request: { model, messages: [{ role: 'user', content: 'hi' }] }, ...(userId ? { user_id: userId } : {}),
  })).json as { candidates: { model: string }[]; excluded: { model: string; reason: string }[] };

  it('the shared key\'s retry-after is its own: a profile\'s own key still serves, and its success does not end the shared key\'s wait', async () => {
    const { alias, ids } = await chain('fo');
    const byo = await h.app.service.createUser({ name: 'ByoOwnQuota' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    h.openai.faults.push({ kind: 'slow-answer', ms: 1500 }, { kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    const own = asByo(byo.token, alias);
    await new Promise((r) => setTimeout(r, 500));
    expect((await chat(alias)).status).toBe(429);
    expect((await chat(alias)).status).toBe(503);
    expect((await own).status).toBe(200);
    const before = counts();
    const shared = await chat(alias);
    expect(shared.status, shared.text).toBe(503);
    expect(delta(before)).toEqual([0, 0, 0]);
    const mine = await asByo(byo.token, alias);
    expect(mine.status, mine.text).toBe(200);
    expect(delta(before)).toEqual([1, 0, 0]);
    // the route preview agrees, for each profile
    expect((await preview(alias)).excluded.map((x) => x.model)).toContain(ids[0]);
    expect((await preview(alias, byo.user.id)).candidates.map((c) => c.model)).toEqual([ids[0]]);
  });

  it('a profile\'s own key at its limit waits its retry-after, whoever else is served meanwhile', async () => {
    const { alias, ids } = await chain('fo');
    const byo = await h.app.service.createUser({ name: 'ByoOwnLimit' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    expect((await asByo(byo.token, alias)).status).toBe(429);
    const before = counts();
    expect((await chat(alias)).status).toBe(200);
    const again = await asByo(byo.token, alias);
    expect(again.status, again.text).toBe(503);
    expect(delta(before)).toEqual([1, 0, 0]);
    expect((await preview(alias, byo.user.id)).excluded.map((x) => x.model)).toContain(ids[0]);
    expect((await preview(alias)).candidates.map((c) => c.model)).toEqual([ids[0]]);
  });
});
