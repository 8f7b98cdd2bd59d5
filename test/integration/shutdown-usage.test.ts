// Closing while requests are in flight: those still running at the drain deadline have their
// connections cut, and each still leaves its usage row (client_closed; a stream that had begun with its
// prompt as the provider stated it), recorded before the recorder closes. They were dropped.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { limits: { shutdownDrainMs: 300 } } });
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
});
afterAll(async () => { await h?.close(); });

describe('close() with requests still running', () => {
  it('cuts them at the drain deadline and records a row for each', async () => {
    h.openai.faults.push({ kind: 'slow-first-byte', ms: 5_000 });
    h.anthropic.faults.push({ kind: 'chunk-delay', ms: 2_000 });
    const send = (model: string, stream: boolean) => fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
    }).then(async (r) => { await r.text(); return r.status; }, () => 'cut');
    const waiting = send(MODELS.openai, false);
    const streaming = send(MODELS.anthropic, true);
    await new Promise((r) => setTimeout(r, 400)); // the stream has begun relaying
    await h.app.close();
    await Promise.all([waiting, streaming]);
    const db = new BetterSqlite3(join(h.dataDir, 'switchboard.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT model_id, status, error_kind, input_tokens, stream FROM usage_log ORDER BY model_id').all() as any[];
      expect(rows).toEqual([
        expect.objectContaining({ model_id: MODELS.anthropic, error_kind: 'client_closed', stream: 1 }),
        expect.objectContaining({ model_id: MODELS.openai, error_kind: 'client_closed', stream: 0 }),
      ]);
      // the stream had begun: its prompt is billed, as the provider counted it; the other had no answer yet
      expect(rows[0].input_tokens).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
