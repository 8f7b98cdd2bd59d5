// Body capture: nothing is stored unless switched on; what is stored has keys redacted and is bounded;
// old bodies are pruned; the activity entry says it has bodies.
import { afterEach, expect, it } from 'vitest';
import { BODY_RETENTION_DAYS, MAX_BODY_CHARS, serialise } from '../../src/node/usage/body-capture';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { ActivityLog } from '../../src/node/usage/activity';
import { tempDb, usageRecord, type TempDb } from './usage-fixtures';

let t: TempDb;
let recorder: UsageRecorder;
afterEach(() => {
  recorder?.close();
  t?.cleanup();
});

const count = () => t.db.prepare('SELECT COUNT(*) FROM request_bodies').pluck().get();

it('stores nothing while capture is off (the default), and stops when the window ends', () => {
  t = tempDb();
  let now = Date.parse('2026-03-01T12:00:00Z');
  recorder = new UsageRecorder(t.db, { now: () => now });
  recorder.captureBodies('r1', { messages: [] }, { ok: true });
  recorder.bodies.flush();
  expect(count()).toBe(0);
  recorder.bodies.setUntil(now + 60_000);
  recorder.captureBodies('r2', { messages: [] }, { ok: true });
  now += 120_000;
  recorder.captureBodies('r3', { messages: [] }, { ok: true });
  recorder.bodies.flush();
  expect(t.db.prepare('SELECT request_id FROM request_bodies').pluck().all()).toEqual(['r2']);
});

it('redacts keys and tokens, in secret-named fields and in text, and bounds the size', () => {
  t = tempDb();
  recorder = new UsageRecorder(t.db);
  recorder.bodies.setUntil(Date.now() + 60_000);
  const request = {
    model: 'auto', api_key: 'plain-secret-value', headers: { Authorization: 'Bearer whatever-it-is' },
    messages: [{ role: 'user', content: 'my key is sk-proj-abcdefghijklmnopqrstuvwx, keep it safe' }],
  };
  recorder.captureBodies('r1', request, 'data: {"choices":[]}\n\ndata: [DONE]');
  const got = recorder.bodies.get('r1')!;
  expect(got.request).not.toContain('plain-secret-value');
  expect(got.request).not.toContain('whatever-it-is');
  expect(got.request).not.toContain('sk-proj-abcdefghijklmnopqrstuvwx');
  expect(got.request).toContain('keep it safe');
  expect(JSON.parse(got.request!).model).toBe('auto');
  expect(got.response).toBe('data: {"choices":[]}\n\ndata: [DONE]');
  const huge = serialise('x'.repeat(MAX_BODY_CHARS * 2))!;
  expect(huge.length).toBeLessThan(MAX_BODY_CHARS + 100);
  expect(huge).toMatch(/cut at \d+ characters\)$/);
});

it('prunes bodies older than the retention, and the activity log marks entries that have bodies', () => {
  t = tempDb();
  const start = Date.parse('2026-03-01T12:00:00Z');
  let now = start;
  recorder = new UsageRecorder(t.db, { now: () => now });
  recorder.bodies.setUntil(start + 30 * 86_400_000);
  recorder.record(usageRecord({ requestId: 'old', startedAt: now }));
  recorder.captureBodies('old', { a: 1 }, { b: 2 });
  now += (BODY_RETENTION_DAYS + 1) * 86_400_000;
  recorder.record(usageRecord({ requestId: 'new', startedAt: now }));
  recorder.captureBodies('new', { a: 1 }, { b: 2 });
  recorder.flush();
  recorder.bodies.flush();
  const flags = () => new ActivityLog(t.db).list({ limit: 10, before: null, status: null, userId: null, model: null, client: null })
    .requests.map((r) => [r.request_id, r.has_bodies]);
  expect(flags()).toEqual([['new', true], ['old', true]]);
  recorder.prune(365);
  expect(flags()).toEqual([['new', true], ['old', false]]);
});
