// Closing while requests are in flight: those still running at the drain deadline are cut, Switchboard's
// doing and said so: a client still waiting gets a 503 with retry-after in its API's error shape, a stream
// that had begun ends with an error event, and each leaves its usage row (error kind shutdown, not
// client_closed; a stream that had begun with its prompt as the provider stated it), recorded before the
// recorder closes.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/node/app';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { limits: { shutdownDrainMs: 300 } } });
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
});
afterAll(async () => { await h?.close(); });

describe('close() with requests still running', () => {
  it('cuts them at the drain deadline, tells the clients still there, and records a row for each', async () => {
    h.openai.faults.push({ kind: 'slow-first-byte', ms: 5_000 });
    h.anthropic.faults.push({ kind: 'stall', afterChunks: 1 });
    h.gemini.faults.push({ kind: 'stall', afterChunks: 0 });
    const send = (model: string, stream: boolean) => fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
    }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() }), () => 'cut' as const);
    const waiting = send(MODELS.openai, false);
    const streaming = send(MODELS.anthropic, true);
    const notYet = send(MODELS.gemini, true);
    await new Promise((r) => setTimeout(r, 400)); // the Anthropic stream has begun relaying, the Gemini one has shown nothing
    await h.app.close();
    const [answered, streamed, unstarted] = await Promise.all([waiting, streaming, notYet]);
    // the ones still waiting for an answer are told, in OpenAI's shape, that waiting helps
    for (const r of [answered, unstarted]) {
      expect(r).toMatchObject({ status: 503, retryAfter: '5' });
      if (r === 'cut') throw new Error('cut');
      expect(JSON.parse(r.body)).toEqual({ error: expect.objectContaining({ type: 'overloaded_error', message: expect.stringContaining('shutting down') }) });
    }
    // the stream that had begun ends with an error event, not a bare cut
    if (streamed === 'cut') throw new Error('cut');
    expect(streamed.status).toBe(200);
    const events = streamed.body.split('\n\n').filter((e) => e.startsWith('data: '));
    expect(events.length).toBeGreaterThan(1);
    expect(JSON.parse(events.at(-1)!.slice('data: '.length))).toEqual({ error: expect.objectContaining({ type: 'overloaded_error', message: expect.stringContaining('shutting down') }) });
    const db = new BetterSqlite3(join(h.dataDir, 'switchboard.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT model_id, status, error_kind, input_tokens, stream FROM usage_log ORDER BY model_id').all() as any[];
      expect(rows).toEqual([
        expect.objectContaining({ model_id: MODELS.anthropic, status: 200, error_kind: 'shutdown', stream: 1 }),
        expect.objectContaining({ model_id: MODELS.gemini, status: 503, error_kind: 'shutdown', stream: 1 }),
        expect.objectContaining({ model_id: MODELS.openai, status: 503, error_kind: 'shutdown', stream: 0 }),
      ]);
      // the stream had begun: its prompt is billed, as the provider counted it; the other had no answer yet
      expect(rows[0].input_tokens).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    // the activity log shows the model each was cut at, as it does for a client that hung up
    const next = await createApp({ dataDir: h.dataDir, port: 0, env: {}, log: () => undefined, limits: { testProvidersOnChange: false } });
    try {
      const { requests } = await next.service.listRequests({});
      expect(requests.map((r) => r.attempts)).toEqual(expect.arrayContaining([
        [expect.objectContaining({ model: MODELS.openai, error_kind: 'shutdown', status: null })],
        [expect.objectContaining({ model: MODELS.anthropic, error_kind: 'shutdown', status: 200 })],
      ]));
    } finally {
      await next.close();
    }
  });
});
