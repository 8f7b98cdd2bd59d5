// Migration 6 (models.api, stored_responses) and the `api` field of the admin API's models.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion, type Database } from '../../src/node/db/index';
import { FIXTURE_CATALOG, testDir, writeFixtureCatalog } from './db-fixtures';
import { createHarness, refusal, type Harness } from './service-harness';
import { ResponseStore } from '../../src/node/responses/response-store';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/node/app';
import type { Migration } from '../../src/node/db/migration';

const CODEX = {
  provider_type: 'openai', model_name: 'gpt-5.1-codex', display_name: 'GPT-5.1-Codex', input_cost_per_1m: 1.25, output_cost_per_1m: 10,
  cached_input_cost_per_1m: 0.125, context_length: 400000, max_output_tokens: 128000, capabilities: ['chat', 'tools', 'reasoning'], quality: 90, api: 'responses',
};
const WITH_CODEX = { ...FIXTURE_CATALOG, models: [...FIXTURE_CATALOG.models, CODEX] };

const apiOf = (d: Database, id: string) => (d.prepare('SELECT api FROM models WHERE id = ?').get(id) as { api: string } | undefined)?.api;

describe('migration 6', () => {
  it('seeds a fresh database with the Responses-only models marked, the rest on chat', () => {
    const tmp = testDir();
    const db = tmp.upgrade(tmp.path('fresh.db'), { catalogPath: writeFixtureCatalog(tmp.dir, WITH_CODEX) });
    expect(apiOf(db, 'openai/gpt-5.1-codex')).toBe('responses');
    expect(apiOf(db, 'openai/gpt-4.1-mini')).toBe('chat');
    expect(() => db.prepare("UPDATE models SET api = 'soap' WHERE id = 'openai/gpt-4.1-mini'").run()).toThrow(/CHECK/);
  });

  it('upgrades a database from before: existing models stay on chat, the new Responses-only ones join their provider', () => {
    const tmp = testDir();
    const file = tmp.path('old.db');
    tmp.atSchema(file, 2);
    const db = tmp.upgrade(file, { catalogPath: writeFixtureCatalog(tmp.dir, WITH_CODEX) });
    expect(apiOf(db, 'openai/gpt-4.1-mini')).toBe('chat');
    expect(db.prepare("SELECT provider_id, input_cost_per_1m, enabled, api FROM models WHERE id = 'openai/gpt-5.1-codex'").get())
      .toEqual({ provider_id: 'openai', input_cost_per_1m: 1.25, enabled: 1, api: 'responses' });
  });

  it('migration 12 keeps every stored response exactly, its table as it was; a profile\'s rows go with it, their ids claimed', () => {
    const tmp = testDir();
    const file = tmp.path('fk.db');
    let db = tmp.open(file, { catalogPath: writeFixtureCatalog(tmp.dir), migrations: MIGRATIONS.slice(0, 11) });
    db.prepare("INSERT INTO users (id, name, power_level, preferred_models, privacy_guard, created_at, updated_at) VALUES ('u2', 'U2', 'eco', '[]', 'off', 'x', 'x')").run();
    const insert = db.prepare(`INSERT INTO stored_responses (id, user_id, created_at, model_id, native, at_provider, deleted, input_items, response, request_id, request_started_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    insert.run('resp_1', 'u2', 1, 'a/b', 1, 1, 0, '["x"]', '{"id":"resp_1"}', 'req_1', 5);
    insert.run('resp_2', 'u2', 2, 'a/c', 0, 0, 1, '[]', '{}', null, null);
    insert.run('resp_3', 'default', 3, 'a/b', 0, 0, 0, JSON.stringify([{ role: 'user', content: 'y'.repeat(100_000) }]), '{"id":"resp_3"}', null, null);
    const table = () => db.prepare("SELECT sql FROM sqlite_master WHERE name = 'stored_responses'").pluck().all();
    const rows = () => db.prepare('SELECT * FROM stored_responses ORDER BY id').all();
    const before = { table: table(), rows: rows() };
    db.close();
    // up to 14: migration 15 adds a column (its own test below)
    db = tmp.open(file, { catalogPath: writeFixtureCatalog(tmp.dir), migrations: MIGRATIONS.slice(0, 14) });
    expect(schemaVersion(db)).toBe(14);
    expect({ table: table(), rows: rows() }).toEqual(before);
    expect(before.table.join('\n')).toMatch(/user_id TEXT NOT NULL REFERENCES users \(id\) ON DELETE CASCADE/);
    // the profile deleted as today's build deletes one
    db.close();
    db = tmp.upgrade(file);
    db.transaction(() => {
      ResponseStore.forgetProfile(db, 'u2');
      db.prepare("DELETE FROM users WHERE id = 'u2'").run();
    })();
    expect(db.prepare('SELECT id FROM stored_responses').pluck().all()).toEqual(['resp_3']);
    expect(db.prepare('SELECT * FROM response_tombstones ORDER BY id').all())
      .toEqual([{ id: 'resp_1', user_id: 'u2', created_at: 1 }, { id: 'resp_2', user_id: 'u2', created_at: 2 }]);
  });
});

describe('models.api in the admin API', () => {
  let h: Harness;
  beforeEach(() => { h = createHarness(); });
  afterEach(() => h.close());

  it('defaults to chat, takes responses for an OpenAI-format provider, and the snapshot routes by it', async () => {
    const body = { provider_id: 'openai', model_name: 'gpt-5-pro', input_cost_per_1m: 15, output_cost_per_1m: 120, context_length: 400000 };
    expect((await h.service.createModel({ ...body, model_name: 'gpt-x' })).api).toBe('chat');
    expect((await h.service.createModel({ ...body, api: 'responses' })).api).toBe('responses');
    expect(h.catalog.snapshot().modelsById.get('openai/gpt-5-pro')?.api).toBe('responses');
    expect((await h.service.updateModel({ id: 'openai/gpt-5-pro', patch: { api: 'chat' } })).api).toBe('chat');
    expect(h.catalog.snapshot().modelsById.get('openai/gpt-5-pro')?.api).toBe('chat');
  });

  it('refuses an unknown api, and responses for a provider with its own API, changing nothing', async () => {
    const before = h.state();
    expect(await refusal(h.service.createModel({ provider_id: 'openai', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 1, api: 'soap' as never })))
      .toMatchObject({ status: 400, field: 'api' });
    expect(await refusal(h.service.updateModel({ id: 'anthropic/claude-sonnet-4-5', patch: { api: 'responses' } }))).toMatchObject({ status: 400, field: 'api' });
    expect(await refusal(h.service.createModel({ provider_id: 'anthropic', model_name: 'c', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 1, api: 'responses' })))
      .toMatchObject({ status: 400, field: 'api' });
    expect(h.state()).toEqual(before);
  });
});

describe('migration 7', () => {
  it('keeps the responses stored before it: live, their conversation here', () => {
    const tmp = testDir();
    const file = tmp.path('six.db');
    tmp.atSchema(file, 6, (old) => {
      old.prepare("INSERT INTO stored_responses (id, user_id, created_at, model_id, native, input_items, response) VALUES ('resp_1', 'default', 1, 'fr/m', 1, '[]', '{}')").run();
    });
    const db = tmp.upgrade(file);
    expect(db.prepare("SELECT native, at_provider, deleted FROM stored_responses WHERE id = 'resp_1'").get()).toEqual({ native: 1, at_provider: 0, deleted: 0 });
  });
});

describe('migration 8', () => {
  it('keeps the responses stored before it, with no usage row to amend; a new one remembers its request', () => {
    const tmp = testDir();
    const file = tmp.path('seven.db');
    tmp.atSchema(file, 7, (old) => {
      old.prepare("INSERT INTO stored_responses (id, user_id, created_at, model_id, native, input_items, response) VALUES ('resp_1', 'default', 1, 'fr/m', 1, '[]', '{\"status\":\"queued\"}')").run();
    });
    const db = tmp.upgrade(file);
    const store = new ResponseStore(db);
    expect(store.get('resp_1', 'default')?.usageRow).toBeUndefined();
    store.put({ ...store.get('resp_1', 'default')!, id: 'resp_2', usageRow: { requestId: 'sbr_1', startedAt: 42 } });
    expect(store.get('resp_2', 'default')?.usageRow).toEqual({ requestId: 'sbr_1', startedAt: 42 });
  });
});

// cd64deb's migration 12, rewritten in place by 5139b0d: a dev data dir may have run it
const FIRST_012: Migration = {
  version: 12,
  name: 'response-owners',
  up(d): void {
    d.exec(`
CREATE TABLE stored_responses_new (
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, model_id TEXT NOT NULL, native INTEGER NOT NULL,
  input_items TEXT NOT NULL, response TEXT NOT NULL, at_provider INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,
  request_id TEXT, request_started_at INTEGER
) STRICT;
INSERT INTO stored_responses_new (id, user_id, created_at, model_id, native, input_items, response, at_provider, deleted, request_id, request_started_at)
SELECT id, user_id, created_at, model_id, native, input_items, response, at_provider, deleted, request_id, request_started_at FROM stored_responses;
DROP TABLE stored_responses;
ALTER TABLE stored_responses_new RENAME TO stored_responses;
CREATE INDEX stored_responses_created ON stored_responses (created_at);
CREATE INDEX stored_responses_user ON stored_responses (user_id);`);
  },
};

describe('migration 14', () => {
  it('repairs a database that ran the first migration 12: the server starts, a deleted profile\'s rows become its tombstones, the foreign key is back', async () => {
    const tmp = testDir();
    const file = tmp.path('switchboard.db');
    const kept = tmp.atSchema(file, [...MIGRATIONS.slice(0, 11), FIRST_012, MIGRATIONS[12]!], (db) => {
      const user = db.prepare("INSERT INTO users (id, name, power_level, preferred_models, privacy_guard, created_at, updated_at) VALUES (?, ?, 'eco', '[]', 'off', 'x', 'x')");
      user.run('u2', 'U2');
      user.run('u3', 'U3');
      const insert = db.prepare(`INSERT INTO stored_responses (id, user_id, created_at, model_id, native, at_provider, deleted, input_items, response, request_id, request_started_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      // u2 deleted as cd64deb deleted a profile: its rows emptied and left, the profile gone
      insert.run('resp_1', 'u2', 1, 'a/b', 1, 0, 1, '[]', '{}', null, null);
      insert.run('resp_2', 'u2', 2, 'a/c', 0, 0, 1, '[]', '{}', null, null);
      insert.run('resp_3', 'u3', 3, 'a/b', 1, 1, 0, '["y"]', '{"id":"resp_3"}', 'req_3', 5);
      insert.run('resp_4', 'u3', 4, 'a/b', 0, 0, 1, '[]', '{}', null, null);
      db.prepare("DELETE FROM users WHERE id = 'u2'").run();
      return db.prepare("SELECT * FROM stored_responses WHERE user_id = 'u3' ORDER BY id").all();
    });

    const app = await createApp({ dataDir: tmp.dir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => {} });
    await app.close();

    const db = tmp.upgrade(file);
    // migrations 15 and 19 too: the key a response was made with, and the searches its request allowed, are not
    // known for one kept before them; and 20: the input items are read from their chain
    const store = new ResponseStore(db);
    expect(db.prepare('SELECT * FROM stored_responses ORDER BY id').all().map(({ input_tail: _t, input_bytes: _b, ...r }: any) => r))
      .toEqual(kept.map(({ input_items: _i, ...r }: any) => ({ ...r, own_key: null, request_web_searches_allowed: null })));
    expect(store.get('resp_3', 'u3')?.inputItems).toEqual(['y']);
    expect(db.prepare('SELECT * FROM response_tombstones ORDER BY id').all())
      .toEqual([{ id: 'resp_1', user_id: 'u2', created_at: 1 }, { id: 'resp_2', user_id: 'u2', created_at: 2 }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stored_responses' ORDER BY name").pluck().all())
      .toEqual(expect.arrayContaining(['stored_responses_created', 'stored_responses_user']));
    for (const id of ['resp_1', 'resp_2']) expect(store.isAnothers(id, 'u3')).toBe(true);
    // the foreign key refuses an answer whose profile went, and its delete cascades again
    expect(store.put({ id: 'late', userId: 'u2', createdAt: 9, modelId: 'a/b', native: false, atProvider: false, inputItems: [], response: {} })).toBe('profile_gone');
    db.prepare("DELETE FROM users WHERE id = 'u3'").run();
    expect(db.prepare('SELECT COUNT(*) FROM stored_responses').pluck().get()).toBe(0);
  });
});

describe('migration 15', () => {
  it('keeps the responses stored before it with no key kind (asked as before); new ones remember theirs', () => {
    const tmp = testDir();
    const file = tmp.path('key.db');
    tmp.atSchema(file, 14, (old) => {
      old.prepare(`INSERT INTO stored_responses (id, user_id, created_at, model_id, native, at_provider, deleted, input_items, response, request_id, request_started_at)
        VALUES ('resp_old', 'default', 1, 'a/b', 1, 0, 0, '[]', '{"id":"resp_old"}', null, null)`).run();
    });
    const db = tmp.upgrade(file);
    const store = new ResponseStore(db);
    expect(store.get('resp_old', 'default')).not.toHaveProperty('ownKey');
    const base = { userId: 'default', createdAt: 2, modelId: 'a/b', native: true, atProvider: false, inputItems: [], response: {} };
    store.put({ ...base, id: 'resp_own', ownKey: true });
    store.put({ ...base, id: 'resp_shared', ownKey: false });
    expect(store.get('resp_own', 'default')?.ownKey).toBe(true);
    expect(store.get('resp_shared', 'default')?.ownKey).toBe(false);
    expect(store.heldAtProviders('default').sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'resp_old', modelId: 'a/b' }, { id: 'resp_own', modelId: 'a/b', ownKey: true }, { id: 'resp_shared', modelId: 'a/b', ownKey: false },
    ]);
  });
});
