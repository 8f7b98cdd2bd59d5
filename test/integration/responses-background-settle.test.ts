// background: true with no client polling. The POST's usage row holds what the answer is expected to
// cost, so a burst of background requests cannot pass a cap; Switchboard asks the provider itself until
// the response has ended and amends the row, and resumes that after a restart.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { ResponseStore } from '../../src/node/responses/response-store';
import { KEYS, rawRequest } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';
import { queryAll, waitFor } from './helpers/hardening-kit';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const USAGE = { input: 12_000, cached: 2_000, output: 3_000, reasoning: 500 };
// gpt-resp-fake: $2 input, $0.50 cached, $8 output per 1M
const COMPLETED_USD = (10_000 * 2 + 2_000 * 0.5 + 3_000 * 8) / 1e6; // 0.045
const FAST = { firstMs: 30, maxMs: 100 };

async function post(app: SwitchboardApp, token: string): Promise<{ status: number; id?: string; requestId: string }> {
  const res = await rawRequest(`${app.url}/v1/responses`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: RESPONSES_MODEL, input: 'take your time', background: true }),
  });
  if (res.status === 200) expect(res.json).toMatchObject({ status: 'queued' });
  return { status: res.status, id: res.json?.id, requestId: res.headers.get('x-switchboard-request-id')! };
}

async function rowOf(app: SwitchboardApp, userId: string, requestId: string) {
  const rows = (await adminFetch(app, 'GET', `/api/v1/llm/requests?user_id=${userId}`)).json.requests;
  return rows.find((r: { request_id: string }) => r.request_id === requestId);
}

/** Waits (polling the admin API, never the response) until the row holds the provider's figures. */
async function settled(app: SwitchboardApp, userId: string, requestId: string) {
  const until = Date.now() + 10_000;
  for (;;) {
    const row = await rowOf(app, userId, requestId);
    if (row?.output_tokens === USAGE.output || Date.now() > until) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const askedFor = (h: ResponsesHarness, id: string) => h.responses.requests.filter((r) => r.method === 'GET' && r.path === `/v1/responses/${id}`);

describe('background responses nobody polls', () => {
  let h: ResponsesHarness;
  beforeAll(async () => {
    h = await startResponsesHarness({ config: { limits: { backgroundSettle: FAST } } });
    h.responses.options.usage = USAGE;
  });
  afterAll(async () => { await h?.close(); });

  it('count against the cap while they run: a burst of them cannot pass it', async () => {
    // the expected cost of one (its prompt and 500 tokens at $8/M, about $0.004) fills the cap; each really
    // costs $0.045. Released when the POST answered queued, the hold left a cap of $0.003 to every one of them
    const { token } = await h.app.service.createUser({ id: 'bg-cap', name: 'bg-cap', monthly_cap_usd: 0.003 });
    const parallel = await Promise.all(Array.from({ length: 5 }, () => post(h.app, token)));
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await post(h.app, token));
    const statuses = [...parallel, ...after].map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const s of statuses) expect([200, 402, 429]).toContain(s);
    // the ones after the burst: its queued response counts, not only while its POST ran
    expect(after.map((a) => a.status)).toEqual([402, 402, 402, 402, 402]);
  });

  it('one whose row another program\'s database lock kept from being amended is asked about again, and settles once the lock goes', async () => {
    const { id, requestId } = await post(h.app, h.token);
    const hit = h.responses.state.stored.get(id!)!;
    // it stays in progress until the lock is held
    const done = hit.later!.at(-1)!;
    hit.later = [];
    hit.response = { ...done, status: 'in_progress', output: [], usage: null };
    await waitFor(() => queryAll(h.dataDir, 'SELECT 1 FROM usage_log WHERE request_id = ?', requestId).length === 1, 10_000, 'the estimate written');
    const holder = new BetterSqlite3(join(h.dataDir, 'switchboard.db'));
    holder.exec('BEGIN IMMEDIATE');
    try {
      hit.later = [done];
      await waitFor(() => hit.later!.length === 0, 10_000, 'the completed answer asked for');
      const asked = askedFor(h, id!).length;
      // its row could not be amended: asked about again rather than forgotten until a restart
      await waitFor(() => askedFor(h, id!).length > asked, 10_000, 'another ask while the row is locked');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    await waitFor(() => queryAll<{ output_tokens: number }>(h.dataDir, 'SELECT output_tokens FROM usage_log WHERE request_id = ?', requestId)[0]?.output_tokens === USAGE.output, 10_000, 'the row amended after the lock');
  });

  it('settle without a client asking: the row becomes what the provider says it used, with the key of the profile', async () => {
    const { token } = await h.app.service.createUser({ id: 'bg-settle', name: 'bg-settle', credit_balance_usd: 1 });
    // the stored response read (its whole conversation rebuilt) once an ask, not again to see that it was kept
    const reads = vi.spyOn(ResponseStore.prototype, 'get');
    const { id, requestId } = await post(h.app, token);
    const row = await settled(h.app, 'bg-settle', requestId);
    const readsOfIt = reads.mock.calls.filter(([of, userId]) => of === id && userId === 'bg-settle');
    reads.mockRestore();
    expect(readsOfIt).toHaveLength(2);
    expect(row).toMatchObject({ input_tokens: 12_000, output_tokens: 3_000 });
    expect(row.cost_usd).toBeCloseTo(COMPLETED_USD, 12);
    const credits = (await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=bg-settle')).json;
    expect(credits.spent_this_month_usd).toBeCloseTo(COMPLETED_USD, 12);
    expect(credits.credit_balance_usd).toBeCloseTo(1 - COMPLETED_USD, 12);
    // queued -> in_progress -> completed: asked twice, then no more
    const asks = askedFor(h, id!);
    expect(asks).toHaveLength(2);
    expect(asks[0]!.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(askedFor(h, id!)).toHaveLength(2);
  });

  it("log a provider's refusal as one quoted line: it cannot print lines of its own or terminal escapes into serve's output", async () => {
    const { token } = await h.app.service.createUser({ id: 'bg-forged', name: 'bg-forged' });
    const { id } = await post(h.app, token);
    const forged = 'denied\nSwitchboard listening on http://evil.example:1/#token=stolen\u001b[2J\u009b31m';
    h.responses.persistentFault = { kind: 'status', status: 403, body: { error: { message: forged, type: 'invalid_request_error', code: null } } };
    try {
      const until = Date.now() + 5_000;
      while (!h.logs.some((l) => l.includes(id!)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    } finally {
      h.responses.persistentFault = null;
    }
    const line = h.logs.find((l) => l.includes(id!));
    const forgedQuoted = 'denied\\nSwitchboard listening on http://evil.example:1/#token=stolen\\u001b[2J\\u009b31m';
    expect(line).toBe(`responses: could not ask about "${id}": "fr refused Switchboard's key for it (HTTP 403: ${forgedQuoted}) when asked about response '${id}' (GET); check fr's API key in Switchboard."; asking again later`);
    for (const l of h.logs) for (const c of ['\n', '\r', '\u001b', '\u009b']) expect(l).not.toContain(c);
  });
});

describe('background responses whose provider is turned off', () => {
  let h: ResponsesHarness;
  beforeAll(async () => {
    h = await startResponsesHarness({ config: { limits: { backgroundSettle: { firstMs: 150, maxMs: 150 } } } });
    h.responses.options.usage = USAGE;
  });
  afterAll(async () => { await h?.close(); });

  const notAsked = async (id: string, why: string) => {
    const until = Date.now() + 5_000;
    while (!h.logs.some((l) => l.includes(id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(h.logs.filter((l) => l.includes(id))).toEqual([`responses: "${id}" is no longer asked about (${why}); its usage row keeps its estimate`]);
    // a few more asking intervals: none
    await new Promise((r) => setTimeout(r, 500));
    expect(askedFor(h, id)).toHaveLength(0);
  };

  it('are no longer asked about once it is disabled, or of a type without the Responses API; their rows keep the estimate', async () => {
    const { token } = await h.app.service.createUser({ id: 'bg-off', name: 'bg-off' });
    const { id, requestId } = await post(h.app, token);
    await h.app.service.updateProvider({ id: 'fr', patch: { enabled: false } });
    await notAsked(id!, 'its provider fr is disabled');
    const row = await rowOf(h.app, 'bg-off', requestId);
    expect(row.output_tokens).toBe(500);
    expect(row.output_tokens).not.toBe(USAGE.output);

    await h.app.service.updateProvider({ id: 'fr', patch: { enabled: true } });
    const other = await post(h.app, token);
    // a type without the Responses API is taken only once no model of it is on api "responses" (f8fa6a7):
    // the model that served the response moves to chat first, the response still pending at fr
    await h.app.service.updateModel({ id: RESPONSES_MODEL, patch: { api: 'chat' } });
    await h.app.service.updateProvider({ id: 'fr', patch: { type: 'anthropic' } });
    await notAsked(other.id!, 'its provider fr no longer speaks the Responses API');
    await h.app.service.updateProvider({ id: 'fr', patch: { type: 'openai-compatible' } });
    await h.app.service.updateModel({ id: RESPONSES_MODEL, patch: { api: 'responses' } });
  });

  it('are no longer asked about once it is deleted', async () => {
    const { token } = await h.app.service.createUser({ id: 'bg-gone', name: 'bg-gone' });
    const { id } = await post(h.app, token);
    await h.app.service.deleteProvider({ id: 'fr' });
    await notAsked(id!, 'its provider fr is gone');
  });
});

describe('background responses pending at a restart', () => {
  it('are settled by the next run', async () => {
    const key = randomBytes(32).toString('base64');
    // the first run never asks (its first ask would be in ten minutes)
    const h = await startResponsesHarness({ env: { SWITCHBOARD_ENCRYPTION_KEY: key }, config: { limits: { backgroundSettle: { firstMs: 600_000, maxMs: 600_000 } } } });
    h.responses.options.usage = USAGE;
    let next: SwitchboardApp | undefined;
    try {
      const { token } = await h.app.service.createUser({ id: 'bg-restart', name: 'bg-restart', monthly_cap_usd: 10 });
      const { id, requestId } = await post(h.app, token);
      await h.app.close();
      expect(askedFor(h, id!)).toHaveLength(0);
      next = await createApp({
        dataDir: h.dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: key }, log: () => {},
        limits: { testProvidersOnChange: false, backgroundSettle: FAST },
      });
      const row = await settled(next, 'bg-restart', requestId);
      expect(row).toMatchObject({ input_tokens: 12_000, output_tokens: 3_000 });
      expect(row.cost_usd).toBeCloseTo(COMPLETED_USD, 12);
      expect(askedFor(h, id!)).toHaveLength(2);
    } finally {
      await next?.close();
      await h.close();
    }
  });
});

describe('a background stream the client leaves', () => {
  let h: ResponsesHarness;
  beforeAll(async () => {
    h = await startResponsesHarness({ config: { limits: { backgroundSettle: FAST } } });
    h.responses.options.usage = USAGE;
  });
  afterAll(async () => { await h?.close(); });

  it('is kept pending from its response.created on, and settled as the provider finishes it', async () => {
    const { token } = await h.app.service.createUser({ id: 'bg-left', name: 'bg-left' });
    // the stream stalls after its first deltas (the provider works on); the client reads them and leaves
    h.responses.faults.push({ kind: 'stall', afterChunks: 4 });
    const abort = new AbortController();
    const res = await fetch(`${h.app.url}/v1/responses`, {
      method: 'POST', signal: abort.signal,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: RESPONSES_MODEL, input: 'take your time', background: true, stream: true }),
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-switchboard-request-id')!;
    const reader = res.body!.getReader();
    let text = '';
    while (!/\.delta"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const id = /"id":"(resp_[^"]+)"/.exec(text)?.[1];
    expect(id, text).toBeDefined();
    abort.abort();

    const row = await settled(h.app, 'bg-left', requestId);
    expect(row).toMatchObject({ input_tokens: 12_000, output_tokens: 3_000 });
    expect(row.cost_usd).toBeCloseTo(COMPLETED_USD, 12);
    expect(askedFor(h, id!).length).toBeGreaterThan(0);
    const stored = await rawRequest(`${h.app.url}/v1/responses/${id}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ id, status: 'completed' });
  });
});
