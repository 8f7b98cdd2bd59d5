// A deleted profile's spend, cap progress, Activity and analytics are kept under its id: a new profile given
// that id (by POST /api/v1/llm/users or a config import) must not start with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigDocument } from '../../src/shared/config-types';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
let spent: number;

beforeAll(async () => {
  h = await startHarness();
  const carol = await adminFetch(h.app, 'POST', '/api/v1/llm/users', { id: 'carol', name: 'Carol', monthly_cap_usd: 1 });
  expect(carol.status, carol.text).toBe(200);
  const chat = await rawRequest(`${h.url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${carol.json.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(chat.status, chat.text).toBe(200);
  spent = (await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=carol')).json.spent_this_month_usd;
  expect(spent).toBeGreaterThan(0);
  expect((await adminFetch(h.app, 'DELETE', '/api/v1/llm/users/carol')).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
});

const doc = (profiles: object[]) => ({ format: 'switchboard-config', version: 1, providers: [], models: [], routing_rules: {}, profiles });

describe("a deleted profile's id", () => {
  it('given to POST /users is a 409 naming the reason, and nothing is created', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/users', { id: 'carol', name: 'New Carol' });
    expect(res.status, res.text).toBe(409);
    expect(res.json.error).toMatchObject({ field: 'id', message: expect.stringContaining('belonged to a deleted profile') });
    expect((await h.app.service.listUsers()).map((u) => u.id)).not.toContain('carol');
    // the name alone derives a fresh id, as before
    const derived = await adminFetch(h.app, 'POST', '/api/v1/llm/users', { name: 'Carol' });
    expect(derived.json.user.id).toBe('carol-2');
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=carol-2')).json.spent_this_month_usd).toBe(0);
  });

  it('in a config import creates the profile under a free id, says so in the notes, and it starts from nothing', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc([
      { id: 'carol', name: 'Imported Carol', monthly_cap_usd: 1 },
      { id: 'carol-3', name: 'Someone else' },
    ]));
    expect(res.status, res.text).toBe(200);
    expect(res.json.profiles).toEqual({ created: 2, updated: 0 });
    // carol-2 exists and carol-3 is the document's own: the next free one
    expect(res.json.notes.join('\n')).toContain('carol -> carol-4');
    expect(res.json.notes.join('\n')).toMatch(/new profiles without a token: carol-4, carol-3/);
    const users = await h.app.service.listUsers();
    expect(users.find((u) => u.id === 'carol-4')).toMatchObject({ name: 'Imported Carol', monthly_cap_usd: 1 });
    expect(users.map((u) => u.id)).not.toContain('carol');
    const credits = (await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=carol-4')).json;
    expect(credits).toMatchObject({ spent_this_month_usd: 0, remaining_usd: 1 });
    // the deleted profile's spend stays its own, under its id
    const usage = (await adminFetch(h.app, 'GET', '/api/v1/llm/usage?days=1')).json;
    expect(usage.by_user.find((u: { user_id: string }) => u.user_id === 'carol')?.cost_usd).toBeCloseTo(spent, 9);
    expect(usage.by_user.find((u: { user_id: string }) => u.user_id === 'carol-4')).toBeUndefined();
  });

  it('imported again, updates the profile the first import created for it, and creates nothing (before: carol-5, carol-6, ...)', async () => {
    for (const cap of [2, 3]) {
      const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc([{ id: 'carol', name: 'Imported Carol', monthly_cap_usd: cap }]));
      expect(res.status, res.text).toBe(200);
      expect(res.json.profiles).toEqual({ created: 0, updated: 1 });
      expect(res.json.notes.join('\n')).toContain('profiles matched to the id an earlier import created them under');
      expect(res.json.notes.join('\n')).toContain('carol -> carol-4');
      const users = await h.app.service.listUsers();
      expect(users.find((u) => u.id === 'carol-4')).toMatchObject({ name: 'Imported Carol', monthly_cap_usd: cap });
      expect(users.map((u) => u.id).filter((id) => id.startsWith('carol')).sort()).toEqual(['carol-2', 'carol-3', 'carol-4']);
    }
    // once that profile is deleted, the next import creates one again under a free id
    expect((await adminFetch(h.app, 'DELETE', '/api/v1/llm/users/carol-4')).status).toBe(200);
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc([{ id: 'carol', name: 'Imported Carol' }]));
    expect(res.json.profiles).toEqual({ created: 1, updated: 0 });
    expect(res.json.notes.join('\n')).toContain('carol -> carol-4');
    expect(res.json.notes.join('\n')).not.toContain('earlier import');
  });

  it('imported again after the profile it created was deleted and its id given to someone else, creates one and leaves theirs as it was', async () => {
    // carol -> carol-4 remembered by the import before; carol-4 (never used) deleted, and its id free again
    expect((await adminFetch(h.app, 'DELETE', '/api/v1/llm/users/carol-4')).status).toBe(200);
    const carla = await adminFetch(h.app, 'POST', '/api/v1/llm/users', { name: 'Carol', power_level: 'precision', monthly_cap_usd: 50 });
    expect(carla.json.user.id).toBe('carol-4');
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc([{ id: 'carol', name: 'Imported Carol', monthly_cap_usd: 1, power_level: 'eco' }]));
    expect(res.status, res.text).toBe(200);
    expect(res.json.profiles).toEqual({ created: 1, updated: 0 });
    expect(res.json.notes.join('\n')).toContain('carol -> carol-5');
    const users = await h.app.service.listUsers();
    expect(users.find((u) => u.id === 'carol-4')).toMatchObject({ name: 'Carol', monthly_cap_usd: 50, power_level: 'precision' });
    expect(users.find((u) => u.id === 'carol-5')).toMatchObject({ name: 'Imported Carol', monthly_cap_usd: 1, power_level: 'eco' });
  });

  it('leaves the import of an export of this install as it was: profiles that exist are matched by id', async () => {
    const exported = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', exported);
    expect(res.status, res.text).toBe(200);
    expect(res.json.profiles).toEqual({ created: 0, updated: exported.profiles.length });
    expect(res.json.notes.join('\n')).not.toContain('new id');
  });
});
