// Who may continue a response id, and what GET shows of it. A deleted response stays deleted (its
// id continues nowhere, its owner's request included, here or at the provider that still knows
// it); a response continuing one stored at the provider is kept (GET works) and stays its maker's;
// a conversation continued here shows the id it continued; a failed stream is kept as failed; a
// background response is asked of its provider until it ends, then kept as it ended.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import OpenAI from 'openai';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { KEYS, MODELS, rawRequest } from './helpers/app-harness';
import { startFakeOpenAIResponses } from '../mocks/fake-openai-responses';
import { EncryptedFileStore } from '../../src/node/secrets/index';
import { RESPONSES_MODEL, startTwoProfileHarness, type ResponsesHarness } from './helpers/responses-harness';
import { waitFor } from './helpers/hardening-kit';
import { gate } from '../mocks/fake-server';

let h: ResponsesHarness, client: OpenAI, other: OpenAI;
beforeAll(async () => { ({ h, client, other } = await startTwoProfileHarness()); });
afterAll(async () => { await h?.close(); });

const upstreamCount = () => h.responses.requests.length + h.anthropic.requests.length + h.gemini.requests.length + h.openai.requests.length;

async function refusedEverywhere(who: OpenAI, id: string): Promise<void> {
  const before = upstreamCount();
  for (const model of [RESPONSES_MODEL, 'auto', MODELS.anthropic]) {
    const err = await who.responses.create({ model, previous_response_id: id, input: 'go on' }).catch((e) => e);
    expect(err.status).toBe(404);
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'previous_response_not_found' });
  }
  expect(upstreamCount()).toBe(before);
}

/** A streamed request's SSE events, parsed. */
async function streamEvents(body: Record<string, unknown>): Promise<any[]> {
  const res = await rawRequest(`${h.url}/v1/responses`, {
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  return res.text.split('\n').filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]').map((l) => JSON.parse(l.slice(6)));
}

/** Until the Responses fake no longer holds these responses (Switchboard deletes them there in the background). */
const goneAtProvider = (...ids: string[]) => waitFor(() => ids.every((id) => !h.responses.state.stored.has(id)), 15_000, `${ids.join(', ')} deleted at the provider`);

/** Until each of these fakes has received one more request than `before` says (the request is in flight there). */
const reached = (before: number[], ...fakes: { requests: unknown[] }[]) =>
  waitFor(() => fakes.every((f, i) => f.requests.length > before[i]!), 15_000, 'the requests at the providers');

describe('a deleted response', () => {
  it('is continued by nobody, its owner included, and its id never reaches a provider', async () => {
    const native = await client.responses.create({ model: RESPONSES_MODEL, input: 'my secret plan' });
    const crossed = await client.responses.create({ model: MODELS.gemini, input: 'my other plan' });
    for (const made of [native, crossed]) {
      await client.responses.delete(made.id);
      expect((await client.responses.retrieve(made.id).catch((e) => e)).status).toBe(404);
      expect((await client.responses.delete(made.id).catch((e) => e)).status).toBe(404);
      await refusedEverywhere(other, made.id);
      await refusedEverywhere(client, made.id);
    }
  });
});

/**
 * A new profile is never given a deleted one's id while usage is kept under it (profile-ids.ts): emptied
 * here, so that a profile made later under the same id can be tried (as one made while the deleted one's
 * last request still ran can be: the test of Eve).
 */
async function forgetUsageOf(userId: string): Promise<void> {
  // its rows still queued reach the database first (an export flushes them)
  await h.app.service.exportConfig(undefined);
  const db = new Database(join(h.dataDir, 'switchboard.db'));
  try {
    db.prepare('DELETE FROM usage_log WHERE user_id = ?').run(userId);
    db.prepare('DELETE FROM usage_daily WHERE user_id = ?').run(userId);
  } finally {
    db.close();
  }
}

describe('a deleted profile\'s responses', () => {
  it('stay claimed: no profile continues them, one made later under the same id included, and no id reaches a provider on its behalf', async () => {
    const bob = await h.app.service.createUser({ id: 'bob', name: 'Bob' });
    const asBob = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: bob.token, maxRetries: 0 });
    const native = await asBob.responses.create({ model: RESPONSES_MODEL, input: 'bob secret' });
    const crossed = await asBob.responses.create({ model: MODELS.gemini, input: 'bob other secret' });
    await refusedEverywhere(client, native.id);
    await h.app.service.deleteUser({ id: 'bob' });
    // deleted at the provider too (the next test), on Bob's behalf: before counting what reaches providers
    await goneAtProvider(native.id);
    await forgetUsageOf('bob');
    const again = await h.app.service.createUser({ id: 'bob', name: 'Bob again' });
    const asNewBob = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: again.token, maxRetries: 0 });
    for (const id of [native.id, crossed.id]) {
      await refusedEverywhere(client, id);
      await refusedEverywhere(other, id);
      await refusedEverywhere(asNewBob, id);
      expect((await asNewBob.responses.retrieve(id).catch((e) => e)).status).toBe(404);
    }
  });

  it('include one still being answered as it goes: not kept, claimed all the same, and deleted at the provider holding it', async () => {
    const dave = await h.app.service.createUser({ id: 'dave', name: 'Dave' });
    const asDave = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: dave.token, maxRetries: 0 });
    // both answers held at their providers until the profile is gone; then the delete at the provider held too
    const answers = gate();
    const deletion = gate();
    h.responses.faults.push({ kind: 'hold-first-byte', until: answers.until }, { kind: 'hold-first-byte', until: deletion.until });
    h.gemini.faults.push({ kind: 'hold-first-byte', until: answers.until });
    const before = [h.responses.requests.length, h.gemini.requests.length];
    const running = [
      asDave.responses.create({ model: RESPONSES_MODEL, input: 'dave secret in flight' }),
      asDave.responses.create({ model: MODELS.gemini, input: 'dave other secret in flight' }),
    ];
    const deletes = (id: string) => h.responses.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/responses/${id}`);
    try {
      await reached(before, h.responses, h.gemini);
      await h.app.service.deleteUser({ id: 'dave' });
      answers.release();
      // the answers still go out
      const [native, crossed] = await Promise.all(running);
      // the provider holds it until Switchboard's delete there (held at the fake) goes through
      await waitFor(() => deletes(native!.id).length > 0, 15_000, 'the delete at the provider');
      expect(h.responses.state.stored.has(native!.id)).toBe(true);
      deletion.release();
      await goneAtProvider(native!.id);
      expect(deletes(native!.id).map((r) => r.headers.authorization)).toEqual([`Bearer ${KEYS.openai}`]);
      await forgetUsageOf('dave');
      const again = await h.app.service.createUser({ id: 'dave', name: 'Dave again' });
      const asNewDave = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: again.token, maxRetries: 0 });
      for (const id of [native!.id, crossed!.id]) {
        expect((await asNewDave.responses.retrieve(id).catch((e) => e)).status).toBe(404);
        expect((await asNewDave.responses.inputItems.list(id).catch((e) => e)).status).toBe(404);
        expect((await asNewDave.responses.delete(id).catch((e) => e)).status).toBe(404);
        await refusedEverywhere(asNewDave, id);
        await refusedEverywhere(client, id);
      }
    } finally {
      answers.release();
      deletion.release();
      h.responses.faults.length = 0;
      h.gemini.faults.length = 0;
    }
  });

  it('include one still being answered as it goes and a new profile is made under its id at once: the new one never reads it', async () => {
    const eve = await h.app.service.createUser({ id: 'eve', name: 'Eve' });
    const asEve = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: eve.token, maxRetries: 0 });
    // its answer held at the provider until the profile is gone and made again
    const held = gate();
    h.responses.faults.push({ kind: 'hold-first-byte', until: held.until });
    const before = [h.responses.requests.length];
    const running = asEve.responses.create({ model: RESPONSES_MODEL, input: 'old eve secret' });
    let again: Awaited<ReturnType<typeof h.app.service.createUser>>;
    try {
      await reached(before, h.responses);
      await h.app.service.deleteUser({ id: 'eve' });
      again = await h.app.service.createUser({ id: 'eve', name: 'Eve again' });
    } finally {
      held.release();
    }
    const answer = await running;
    const asNewEve = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: again.token, maxRetries: 0 });
    expect((await asNewEve.responses.retrieve(answer.id).catch((e) => e)).status).toBe(404);
    expect((await asNewEve.responses.inputItems.list(answer.id).catch((e) => e)).status).toBe(404);
    expect((await asNewEve.responses.delete(answer.id).catch((e) => e)).status).toBe(404);
    await refusedEverywhere(asNewEve, answer.id);
    // deleted at the provider too, with its shared key, as one answered after its profile simply went
    await goneAtProvider(answer.id);
    expect(h.responses.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/responses/${answer.id}`).map((r) => r.headers.authorization))
      .toEqual([`Bearer ${KEYS.openai}`]);
  });

  it('are deleted at the Responses provider holding them, with the key the profile used there, its own included', async () => {
    const carol = await h.app.service.createUser({ id: 'carol', name: 'Carol' });
    const asCarol = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: carol.token, maxRetries: 0 });
    const ownKey = 'sk-carol-own-responses-key-0123456789';
    await h.app.service.setByok({ id: 'carol', provider_id: 'fr', api_key: ownKey });
    h.responses.options.apiKey = ownKey;
    try {
      const held = [await asCarol.responses.create({ model: RESPONSES_MODEL, input: 'one' }), await asCarol.responses.create({ model: RESPONSES_MODEL, input: 'two' })];
      const crossed = await asCarol.responses.create({ model: MODELS.gemini, input: 'three' });
      for (const r of held) expect(h.responses.state.stored.has(r.id)).toBe(true);
      await h.app.service.deleteUser({ id: 'carol' });
      const deletes = () => h.responses.requests.filter((r) => r.method === 'DELETE');
      await goneAtProvider(...held.map((r) => r.id));
      expect(deletes().filter((d) => held.some((r) => d.path === `/v1/responses/${r.id}`)).map((d) => d.headers.authorization))
        .toEqual([`Bearer ${ownKey}`, `Bearer ${ownKey}`]);
      expect(deletes().some((d) => d.path.includes(crossed.id))).toBe(false);
    } finally {
      h.responses.options.apiKey = KEYS.openai;
    }
  });

  it('include one answered while the delete waits on the secret store: deleted at the provider too, with the key it was made with', async () => {
    const frank = await h.app.service.createUser({ id: 'frank', name: 'Frank' });
    const asFrank = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: frank.token, maxRetries: 0 });
    const ownKey = 'sk-frank-own-responses-key-0123456789';
    await h.app.service.setByok({ id: 'frank', provider_id: 'fr', api_key: ownKey });
    h.responses.options.apiKey = ownKey;
    // removing frank's own key waits until the test lets it go, as a slow keychain makes it wait
    const removeKey = EncryptedFileStore.prototype.delete;
    const removal = gate();
    let removing = false;
    const slowRemove = vi.spyOn(EncryptedFileStore.prototype, 'delete').mockImplementationOnce(async function (this: EncryptedFileStore, account: string) {
      removing = true;
      await removal.until;
      return removeKey.call(this, account);
    });
    const held = gate();
    try {
      h.responses.faults.push({ kind: 'hold-first-byte', until: held.until });
      const before = [h.responses.requests.length];
      const running = asFrank.responses.create({ model: RESPONSES_MODEL, input: 'frank secret' });
      await reached(before, h.responses);
      const leaving = h.app.service.deleteUser({ id: 'frank' });
      await waitFor(() => removing, 15_000, 'the key removal begun');
      // answered, and stored, while the delete waits for the key's removal
      held.release();
      const answer = await running;
      removal.release();
      await leaving;
      await goneAtProvider(answer.id);
      expect(h.responses.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/responses/${answer.id}`).map((r) => r.headers.authorization))
        .toEqual([`Bearer ${ownKey}`]);
      await refusedEverywhere(client, answer.id);
    } finally {
      held.release();
      removal.release();
      slowRemove.mockRestore();
      h.responses.options.apiKey = KEYS.openai;
    }
  });
});

describe('deleting a response a Responses provider holds', () => {
  it('deletes it at that provider too, with the same key; one served in translation reaches no provider', async () => {
    const native = await client.responses.create({ model: RESPONSES_MODEL, input: 'forget me' });
    expect(h.responses.state.stored.has(native.id)).toBe(true);
    expect(await client.responses.delete(native.id)).toMatchObject({ id: native.id, object: 'response', deleted: true });
    const sent = h.responses.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'DELETE', path: `/v1/responses/${native.id}` });
    expect(sent.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    expect(h.responses.state.stored.has(native.id)).toBe(false);

    const crossed = await client.responses.create({ model: MODELS.gemini, input: 'forget me too' });
    const before = upstreamCount();
    await client.responses.delete(crossed.id);
    expect(upstreamCount()).toBe(before);
  });

  it('is deleted here even when the provider fails to delete it (logged)', async () => {
    const native = await client.responses.create({ model: RESPONSES_MODEL, input: 'forget me' });
    h.responses.faults.push({ kind: 'status', status: 500 });
    expect(await client.responses.delete(native.id)).toMatchObject({ id: native.id, deleted: true });
    expect(h.logs.some((l) => l.includes(`HTTP 500 to deleting "${native.id}"`))).toBe(true);
    expect((await client.responses.retrieve(native.id).catch((e) => e)).status).toBe(404);
    await refusedEverywhere(client, native.id);
  });
});

describe('a response continuing one stored at the provider', () => {
  it('is kept for its profile (GET, DELETE), continues at the provider by id, and is nobody else\u2019s', async () => {
    const direct = new OpenAI({ baseURL: h.responses.url, apiKey: KEYS.openai, maxRetries: 0 });
    const upstream = await direct.responses.create({ model: 'gpt-resp-fake', input: 'remember 42' });
    const res = await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: upstream.id, input: 'what number?' });
    const got = await client.responses.retrieve(res.id);
    expect(got).toMatchObject({ id: res.id, status: 'completed', previous_response_id: upstream.id, output_text: 'Hello from the fake openai responses provider!' });
    expect((await other.responses.retrieve(res.id).catch((e) => e)).status).toBe(404);
    await refusedEverywhere(other, res.id);

    // its turns before live at the provider: the next one goes there by id, not replayed from here
    await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: res.id, input: 'and now?' });
    const sent = h.responses.requests.at(-1)!.body;
    expect(sent.previous_response_id).toBe(res.id);
    expect(sent.input).toBe('and now?');

    await client.responses.delete(res.id);
    await refusedEverywhere(client, res.id);
  });
});

describe('a conversation continued here on a Responses upstream', () => {
  it('is kept with the id it continued (the provider never saw it)', async () => {
    const t1 = await client.responses.create({ model: MODELS.anthropic, input: 'My name is Ada.' });
    const t2 = await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: t1.id, input: 'What is my name?' });
    expect(h.responses.requests.at(-1)!.body.previous_response_id).toBeUndefined();
    expect((await client.responses.retrieve(t2.id)).previous_response_id).toBe(t1.id);
    const t3 = await client.responses.stream({ model: RESPONSES_MODEL, previous_response_id: t2.id, input: 'Again?' }).finalResponse();
    expect((await client.responses.retrieve(t3.id)).previous_response_id).toBe(t2.id);
  });

  it('answers with the id it continued, JSON and stream, as the provider forwarded it otherwise', async () => {
    const t1 = await client.responses.create({ model: MODELS.anthropic, input: 'My name is Ada.' });
    const t2 = await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: t1.id, input: 'What is my name?' });
    expect(t2.previous_response_id).toBe(t1.id);
    const events = await streamEvents({ model: RESPONSES_MODEL, previous_response_id: t2.id, input: 'Again?' });
    const withResponse = events.filter((e) => e.response);
    expect(withResponse.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
    for (const e of withResponse) expect(e.response.previous_response_id).toBe(t2.id);
    expect(events.filter((e) => e.type === 'response.output_text.delta').length).toBeGreaterThan(0);
  });
});

describe('a conversation continued on another Responses provider', () => {
  it('leaves out the reasoning only the provider that made it holds, and names it; that provider still gets it', async () => {
    const second = await startFakeOpenAIResponses({ apiKey: KEYS.openai });
    try {
      await h.app.service.createProvider({ id: 'fr2', name: 'Second Responses', type: 'openai-compatible', base_url: second.url, api_key: KEYS.openai });
      await h.app.service.createModel({ provider_id: 'fr2', model_name: 'gpt-resp-fake', input_cost_per_1m: 2, output_cost_per_1m: 8, context_length: 400000, capabilities: ['chat', 'reasoning'], api: 'responses' });
      const t1 = await client.responses.create({ model: RESPONSES_MODEL, input: 'think first', reasoning: { summary: 'auto' } });
      const held = t1.output.find((o) => o.type === 'reasoning')!;
      expect(held).toMatchObject({ id: expect.stringMatching(/^rs_/), encrypted_content: null });

      const { data: t2, response } = await client.responses.create({ model: 'fr2/gpt-resp-fake', previous_response_id: t1.id, input: 'and now?' }).withResponse();
      expect(t2.status).toBe('completed');
      expect(response.headers.get('x-switchboard-dropped')).toContain('input[type=reasoning]');
      const sent = second.requests.at(-1)!.body.input as any[];
      expect(sent.some((i) => i.type === 'reasoning')).toBe(false);
      expect(sent.map((i) => i.role ?? i.type)).toEqual(['user', 'assistant', 'user']);

      // the turn it served continues there as it was sent (nothing of the first provider's)
      await client.responses.create({ model: 'fr2/gpt-resp-fake', previous_response_id: t2.id, input: 'again?' });
      expect(second.requests.at(-1)!.body.input.some((i: any) => i.id === held.id)).toBe(false);
      // the provider that made it still gets it, by id
      const { response: back } = await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: t1.id, input: 'and here?' }).withResponse();
      expect(h.responses.requests.at(-1)!.body.input.some((i: any) => i.id === held.id)).toBe(true);
      expect(back.headers.get('x-switchboard-dropped')).toBeNull();
    } finally {
      await h.app.service.deleteProvider({ id: 'fr2' });
      await second.close();
    }
  });

  it('leaves out encrypted reasoning too (another organization cannot verify it), and names it; the same provider still gets it', async () => {
    const second = await startFakeOpenAIResponses({ apiKey: KEYS.openai });
    try {
      await h.app.service.createProvider({ id: 'jr', name: 'Another Responses', type: 'openai-compatible', base_url: second.url, api_key: KEYS.openai });
      await h.app.service.createModel({ provider_id: 'jr', model_name: 'gpt-resp-fake', input_cost_per_1m: 2, output_cost_per_1m: 8, context_length: 400000, capabilities: ['chat', 'reasoning'], api: 'responses' });
      const t1 = await client.responses.create({ model: RESPONSES_MODEL, input: 'think first', reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] });
      const encrypted = t1.output.find((o) => o.type === 'reasoning')!;
      expect(encrypted.encrypted_content).toMatch(/^gAAAA/);
      // the same provider continues it twice, so its reasoning is among the earlier turns' items too
      const t2 = await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: t1.id, input: 'more', include: ['reasoning.encrypted_content'] });
      expect(h.responses.requests.at(-1)!.body.input.some((i: any) => i.encrypted_content === encrypted.encrypted_content)).toBe(true);

      const { data: t3, response } = await client.responses.create({ model: 'jr/gpt-resp-fake', previous_response_id: t2.id, input: 'and now?' }).withResponse();
      expect(t3.status).toBe('completed');
      expect(response.headers.get('x-switchboard-dropped')).toContain('input[type=reasoning]');
      const sent = second.requests.at(-1)!.body.input as any[];
      expect(sent.some((i) => i.type === 'reasoning')).toBe(false);
      expect(sent.map((i) => i.role ?? i.type)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    } finally {
      await h.app.service.deleteProvider({ id: 'jr' });
      await second.close();
    }
  });
});

describe('a stream that fails midway', () => {
  it('is kept as failed, with what it cut off incomplete', async () => {
    h.anthropic.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const translated = await streamEvents({ model: MODELS.anthropic, input: 'hi' });
    expect(translated.at(-1)).toMatchObject({ type: 'response.failed' });
    const id2 = translated[0].response.id;
    const got = await client.responses.retrieve(id2);
    expect(got).toMatchObject({ id: id2, status: 'failed', error: { code: 'server_error' } });
    expect(got.output.map((o: any) => [o.type, o.status])).toEqual([['message', 'incomplete']]);
  });
});

describe('background: true', () => {
  it('is asked of the provider while it is queued or in progress, then kept as it ended', async () => {
    const queued = await client.responses.create({ model: RESPONSES_MODEL, input: 'take your time', background: true });
    expect(queued).toMatchObject({ status: 'queued', background: true });
    expect(h.responses.requests.at(-1)!.body.background).toBe(true);
    const polled: string[] = [];
    let latest = queued;
    for (let i = 0; i < 5 && (latest.status === 'queued' || latest.status === 'in_progress'); i++) {
      latest = await client.responses.retrieve(queued.id);
      polled.push(latest.status!);
    }
    expect(polled).toEqual(['in_progress', 'completed']);
    expect(latest.output_text).toBe('Hello from the fake openai responses provider!');
    // ended: kept here, the provider is not asked again
    const asked = h.responses.requests.length;
    expect((await client.responses.retrieve(queued.id)).status).toBe('completed');
    expect(h.responses.requests.length).toBe(asked);
    expect((await other.responses.retrieve(queued.id).catch((e) => e)).status).toBe(404);
  });

  it('goes only to a model on the Responses API (the only one that works on it later), else 400', async () => {
    const routed = await client.responses.create({ model: 'auto', input: 'later', background: true });
    expect(routed.status).toBe('queued');
    const before = upstreamCount();
    const err = await client.responses.create({ model: MODELS.anthropic, input: 'later', background: true }).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported', message: expect.stringContaining('background') });
    expect(upstreamCount()).toBe(before);
  });
});
