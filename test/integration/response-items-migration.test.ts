// Migration 20 (response-items): the stored responses of a schema-19 database, each with its own copy of its
// conversation's input items, read back exactly as they did (items, answer, the bytes a continuation
// replays), their shared items kept once; a conversation continued after the upgrade adds only its new
// items, and one whose earlier turns go stays whole until it goes itself.
import { expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion } from '../../src/node/db/index';
import { pagesOf, responseItemsMigrationWith } from '../../src/node/db/migrations/020-response-items';
import { RESPONSE_RETENTION_DAYS, ResponseStore } from '../../src/node/responses/response-store';
import { testDir } from './db-fixtures';

const DAY = 86_400_000;
const u = (text: string) => ({ role: 'user', content: text });
const a = (text: string) => ({ id: `msg_${text}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], text }] });
const turn1 = [u('My name is Ada. ' + 'x'.repeat(30_000))];
const turn2 = [...turn1, a('Hello Ada'), u('What is my name? ✓ é 😀')];
const turn3 = [...turn2, a('Ada'), { type: 'function_call_output', call_id: 'call_1', output: '{"nested":{"a":[1,2.5,null,true]}}' }];

// id, user, created_at (days), native, at_provider, deleted, input items, response, request_id, request_started_at
const OLD_ROWS: [string, string, number, number, number, number, unknown[], Record<string, unknown>, string | null, number | null][] = [
  ['resp_1', 'default', 1, 1, 0, 0, turn1, { id: 'resp_1', output: [a('Hello Ada')] }, null, null],
  ['resp_2', 'default', 2, 1, 0, 0, turn2, { id: 'resp_2', previous_response_id: 'resp_1', output: [a('Ada')] }, null, null],
  ['resp_3', 'default', 3, 0, 0, 0, turn3, { id: 'resp_3', previous_response_id: 'resp_2', output: [a('Done')] }, null, null],
  // another profile's conversation that starts the same
  ['resp_b', 'u2', 3, 1, 1, 0, turn1, { id: 'resp_b', status: 'queued', output: [] }, 'req_b', 7],
  ['resp_empty', 'default', 3, 0, 0, 0, [], { id: 'resp_empty', output: [] }, null, null],
  ['resp_gone', 'default', 3, 0, 0, 1, [], {}, null, null],
];

// the migration as it runs, and reading a page of 1 KiB: every row that has items alone has more
it.each([['as it runs', undefined], ['a row at a time, each larger than the page', 1024]])('upgrades a schema-19 database (%s): every stored response reads back as it did, its items kept once for its profile', (_, pageBytes) => {
  const tmp = testDir();
  const file = tmp.path('nineteen.db');
  const oldBytes = tmp.atSchema(file, 19, (old) => {
    old.prepare("INSERT INTO users (id, name, power_level, preferred_models, privacy_guard, created_at, updated_at) VALUES ('u2', 'U2', 'eco', '[]', 'off', 'x', 'x')").run();
    const insert = old.prepare(`INSERT INTO stored_responses (id, user_id, created_at, model_id, native, at_provider, deleted, input_items, response, request_id, request_started_at)
      VALUES (?, ?, ?, 'fr/m', ?, ?, ?, ?, ?, ?, ?)`);
    for (const [id, user, day, native, atProvider, deleted, items, response, requestId, startedAt] of OLD_ROWS) {
      insert.run(id, user, day * DAY, native, atProvider, deleted, JSON.stringify(items), JSON.stringify(response), requestId, startedAt);
    }
    return new Map(old.prepare<[], { id: string; n: number }>('SELECT id, octet_length(input_items) + octet_length(response) AS n FROM stored_responses').all().map((r) => [r.id, r.n]));
  });
  if (pageBytes !== undefined) tmp.atSchema(file, [...MIGRATIONS.slice(0, 19), responseItemsMigrationWith(pageBytes)]);
  const db = tmp.upgrade(file);
  expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  const store = new ResponseStore(db);

  for (const [id, user, day, native, atProvider, deleted, items, response, requestId, startedAt] of OLD_ROWS) {
    if (deleted) {
      expect(store.get(id, user)).toBeUndefined();
      expect(store.isAnothers(id, user)).toBe(true);
      continue;
    }
    expect(store.get(id, user)).toEqual({
      id, userId: user, createdAt: day * DAY, modelId: 'fr/m', native: native === 1, atProvider: atProvider === 1, inputItems: items, response,
      ...(requestId !== null ? { usageRow: { requestId, startedAt } } : {}),
    });
    if (!atProvider) expect(store.conversationBytes(id, user)).toBe(oldBytes.get(id));
  }
  expect(store.pendingBackground(0)).toEqual([{ id: 'resp_b', userId: 'u2' }]);
  expect(db.prepare("SELECT name FROM pragma_table_info('stored_responses') WHERE name = 'input_items'").all()).toEqual([]);
  // turn3's five items, turn2's and turn1's among them, and resp_b's one: the same as turn1's, but another profile's
  const items = () => db.prepare('SELECT COUNT(*) FROM response_items').pluck().get();
  expect(items()).toBe(6);

  // continued after the upgrade: only the new turn's items are added
  const turn4 = [...turn3, a('Done'), u('thanks')];
  store.put({ id: 'resp_4', userId: 'default', createdAt: 4 * DAY, modelId: 'fr/m', native: false, atProvider: false, inputItems: turn4, response: { id: 'resp_4' } });
  expect(items()).toBe(8);
  // its earlier turns deleted, and pruned: it stays whole
  for (const id of ['resp_1', 'resp_2', 'resp_3']) expect(store.delete(id, 'default')).toBe(true);
  expect(store.get('resp_4', 'default')?.inputItems).toEqual(turn4);
  expect(store.pruneOlderThan(RESPONSE_RETENTION_DAYS, (RESPONSE_RETENTION_DAYS + 3.5) * DAY)).toBe(6);
  expect(store.get('resp_4', 'default')?.inputItems).toEqual(turn4);
  // resp_b's item pruned with it
  expect(items()).toBe(7);
  expect(store.pruneOlderThan(RESPONSE_RETENTION_DAYS, (RESPONSE_RETENTION_DAYS + 5) * DAY)).toBe(1);
  expect(items()).toBe(0);
});

it('reads the old rows a page of at most the given bytes at a time, or one row that alone has more: never a fixed count of rows up to 32 MiB each', () => {
  const tmp = testDir();
  const file = tmp.path('pages.db');
  // the bytes of each row's input items, as JSON text
  const sizes = [3000, 3000, 3000, 9000, 100, 100, 5000, 6000, 2];
  const pages = tmp.atSchema(file, 19, (old) => {
    const insert = old.prepare(`INSERT INTO stored_responses (id, user_id, created_at, model_id, native, at_provider, deleted, input_items, response)
      VALUES (?, 'default', 1, 'fr/m', 0, 0, 0, ?, '{}')`);
    sizes.forEach((n, i) => insert.run(`resp_${i}`, n === 2 ? '[]' : JSON.stringify(['x'.repeat(n - 4)])));
    return [...pagesOf(old, 6000)].map((page) => page.map((r) => r.bytes));
  });
  expect(pages).toEqual([[3000, 3000], [3000], [9000], [100, 100, 5000], [6000], [2]]);
  for (const page of pages) expect(page.length === 1 || page.reduce((a, b) => a + b) <= 6000).toBe(true);
});
