// Another program holding the database's write lock (DB Browser for SQLite editing the file keeps a write
// transaction open): the proxy goes on serving, admin writes answer 503 naming the cause, the status says the
// database is locked, and what requests left to write (usage rows, a stored response) is written once the lock
// goes: nothing lost. The lock here is a second real connection to the same file holding BEGIN IMMEDIATE.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { BUSY_TIMEOUT_MS, databaseLockProblem, openDatabase } from '../../src/node/db';
import { DataWarnings } from '../../src/node/data-dir/data-warnings';
import { BodyCapture } from '../../src/node/usage/body-capture';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { authJson, httpRequest, queryAll, waitFor } from './helpers/hardening-kit';

const CATALOG = join(__dirname, '../../resources/catalog.json');
const KEY = 'sk-locked-CANARY-0123456789abcdef';
let fake: FakeProvider;
let app: SwitchboardApp;
let dir: string;
let token: string;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'sb-locked-'));
  app = await createApp({ dataDir: dir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => undefined, catalogPath: CATALOG });
  await app.service.createProvider({ id: 'fk', name: 'fk', type: 'openai-compatible', base_url: fake.url, api_key: KEY });
  await app.service.createModel({ provider_id: 'fk', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
  token = readFileSync(join(dir, 'default-token'), 'utf8').trim();
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, auth = token) =>
  httpRequest(app.url, path, { method: 'POST', headers: authJson(auth), body: JSON.stringify(body) });
const rowsOf = (sql: string, id: string) => queryAll(dir, sql, id).length;

describe('a database another program holds locked', () => {
  it('is probed once for the status reads of a few seconds, the busy timeout left as it was', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sb-probe-')), 'switchboard.db');
    const db = openDatabase(file, { catalogPath: CATALOG });
    const holder = new BetterSqlite3(file);
    let probes = 0;
    const warnings = new DataWarnings(join(file, '..'), () => undefined, () => null, () => (probes++, databaseLockProblem(db, file)));
    try {
      holder.exec('BEGIN IMMEDIATE');
      for (let i = 0; i < 3; i++) expect(warnings.list().map((w) => w.kind)).toEqual(['database_locked']);
      expect(probes).toBe(1);
      // the probe leaves the connection's busy timeout as it found it
      expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      db.close();
      rmSync(join(file, '..'), { recursive: true, force: true });
    }
  });

  it('keeps captured bodies the lock refused and writes them once it goes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sb-bodies-')), 'switchboard.db');
    const db = openDatabase(file, { catalogPath: CATALOG });
    const holder = new BetterSqlite3(file);
    const bodies = new BodyCapture(db);
    try {
      bodies.setUntil(Date.now() + 3600_000);
      bodies.capture('req-locked', { messages: ['hi'] }, { answer: 'hello' });
      holder.exec('BEGIN IMMEDIATE');
      bodies.flush();
      holder.exec('COMMIT');
      expect(bodies.get('req-locked')?.response).toContain('hello');
    } finally {
      bodies.close();
      holder.close();
      db.close();
      rmSync(join(file, '..'), { recursive: true, force: true });
    }
  });

  it('serves requests, refuses admin writes with 503 naming the cause, says so in the status, and writes everything once it goes', async () => {
    const file = join(dir, 'switchboard.db');
    expect((await app.service.getStatus()).data_warnings).toEqual([]);
    const alice = (await app.service.createUser({ id: 'alice', name: 'Alice' })).token;
    const before = await post('/v1/responses', { model: 'fk/m', input: 'stored before the lock' });
    expect(before.status).toBe(200);
    const holder = new BetterSqlite3(file);
    holder.exec('BEGIN IMMEDIATE');
    let released = false;
    try {
      const chat = await post('/v1/chat/completions', { model: 'fk/m', messages: [{ role: 'user', content: 'hi' }] });
      expect(chat.status).toBe(200);
      const chatId = String(chat.headers['x-switchboard-request-id']);

      const rules = await httpRequest(app.url, '/api/v1/llm/routing/rules', { method: 'PUT', headers: authJson(app.adminToken), body: JSON.stringify({ timeout_ms: 70_000 }) });
      expect(rules.status).toBe(503);
      expect(rules.json.error.message).toBe(`The change was not saved: the database ${file} is locked by another program (SQLITE_BUSY): close it there (a database browser with the file open for editing, say) and try again.`);

      const warning = (await app.service.getStatus()).data_warnings.find((w) => w.kind === 'database_locked');
      expect(warning?.path).toBe(file);
      expect(warning?.message).toContain(`The database ${file} is locked by another program`);

      const first = await post('/v1/responses', { model: 'fk/m', input: 'remember 42' });
      expect(first.status).toBe(200);
      const id = String(first.json.id);
      // found while it waits for the lock, and continued
      const got = await httpRequest(app.url, `/v1/responses/${id}`, { headers: authJson(token) });
      expect(got.status).toBe(200);
      expect(got.json.id).toBe(id);
      const next = await post('/v1/responses', { model: 'fk/m', input: 'and then?', previous_response_id: id });
      expect(next.status).toBe(200);
      const nextId = String(next.json.id);
      const chatSent = fake.requests.at(-1)!.body as { messages: { content: unknown }[] };
      expect(JSON.stringify(chatSent.messages)).toContain('remember 42');

      // another profile does not continue a waiting response: 404 as for a stored one, nothing sent anywhere
      const sentBefore = fake.requests.length;
      const crossed = await post('/v1/responses', { model: 'fk/m', input: 'what did they say?', previous_response_id: id }, alice);
      expect(crossed.status).toBe(404);
      expect(crossed.json.error.code).toBe('previous_response_not_found');
      // deleted while it waits: its id continues nothing, its owner's request included
      const waitingDeleted = await post('/v1/responses', { model: 'fk/m', input: 'to delete' });
      const deletedId = String(waitingDeleted.json.id);
      const del = await httpRequest(app.url, `/v1/responses/${deletedId}`, { method: 'DELETE', headers: authJson(token) });
      expect(del.status).toBe(200);
      const afterDelete = await post('/v1/responses', { model: 'fk/m', input: 'and?', previous_response_id: deletedId });
      expect(afterDelete.status).toBe(404);
      expect(afterDelete.json.error.code).toBe('previous_response_not_found');
      expect(fake.requests.length).toBe(sentBefore + 1);
      // one stored before the lock cannot be deleted now: 503 naming the lock, in the client API's shape
      const refused = await httpRequest(app.url, `/v1/responses/${String(before.json.id)}`, { method: 'DELETE', headers: authJson(token) });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.json.error.message).toBe(`Switchboard could not save this: the database ${file} is locked by another program (SQLITE_BUSY): close it there (a database browser with the file open for editing, say) and try again.`);

      // the lock was real: none of it is in the database yet
      expect(rowsOf('SELECT 1 FROM usage_log WHERE request_id = ?', chatId)).toBe(0);
      expect(rowsOf('SELECT 1 FROM stored_responses WHERE id = ?', id)).toBe(0);

      holder.exec('COMMIT');
      released = true;
      await waitFor(() => rowsOf('SELECT 1 FROM usage_log WHERE request_id = ?', chatId) === 1, 15_000, 'the usage row written after the lock');
      await waitFor(() => rowsOf('SELECT 1 FROM stored_responses WHERE id = ?', id) === 1, 15_000, 'the response stored after the lock');
      await waitFor(() => rowsOf('SELECT 1 FROM stored_responses WHERE id = ?', nextId) === 1, 15_000, 'the next response stored after the lock');
      await waitFor(() => queryAll(dir, 'SELECT 1 FROM response_tombstones WHERE id = ?', deletedId).length === 1, 15_000, 'the deleted one\'s tombstone written after the lock');
      expect(queryAll(dir, 'SELECT 1 FROM usage_log').length).toBe(7);
      // the lock seen is taken as held a few seconds (LOCK_RECHECK_MS), then the warning goes
      await waitFor(async () => (await app.service.getStatus()).data_warnings.length === 0, 15_000, 'the warning gone after the lock');
      const again = await httpRequest(app.url, '/api/v1/llm/routing/rules', { method: 'PUT', headers: authJson(app.adminToken), body: JSON.stringify({ timeout_ms: 70_000 }) });
      expect(again.status).toBe(200);
      expect(again.json.timeout_ms).toBe(70_000);
    } finally {
      if (!released) holder.exec('ROLLBACK');
      holder.close();
    }
  }, 60_000);
});
