// Migration 010: a data dir where migration 3 marked every model whose price differed from the bundled table
// as the user's. One the audit log shows no one pricing takes its bundled entry; the user's own prices stay.
import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { FIXTURE_CATALOG, testDir, writeFixtureCatalog } from './db-fixtures';

const AT = '2026-02-01T10:00:00.000Z';
const O3_PRO = {
  provider_type: 'openai', model_name: 'o3-pro', display_name: 'o3-pro', input_cost_per_1m: 20, output_cost_per_1m: 80,
  cached_input_cost_per_1m: null, context_length: 200000, max_output_tokens: 100000, capabilities: ['chat', 'tools', 'reasoning'], quality: 92,
};
const CATALOG = { ...FIXTURE_CATALOG, models: [...FIXTURE_CATALOG.models, O3_PRO] };

it('gives the models migration 3 wrongly marked as edited their bundled prices, and keeps the ones the user priced', () => {
  const tmp = testDir();
  const file = tmp.path('switchboard.db');
  tmp.atSchema(file, 9, (old) => {
    const audit = (action: string, subject: string, detail: unknown) =>
      old.prepare('INSERT INTO audit_log (at, action, subject, detail) VALUES (?, ?, ?, ?)').run(AT, action, subject, JSON.stringify(detail));
    const model = (id: string, name: string, input: number, output: number) => old.prepare(
      `INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m, context_length,
         capabilities, price_source, price_as_of, created_at, updated_at)
       VALUES (?, 'openai', ?, ?, ?, ?, 8192, '["chat"]', 'user', '2026-01-10', ?, ?)`,
    ).run(id, name, name, input, output, AT, AT);
    // discovered at $0 before the table knew it, left 'user' by migration 3
    model('openai/o3-pro', 'o3-pro', 0, 0);
    audit('model.create', 'openai/o3-pro', { provider_id: 'openai', model_name: 'o3-pro', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192, enabled: false });
    // seeded, priced by an older table, marked 'user' though never edited
    old.prepare("UPDATE models SET input_cost_per_1m = 2.5, price_source = 'user' WHERE id = 'anthropic/claude-sonnet-4-5'").run();
    audit('model.update', 'anthropic/claude-sonnet-4-5', { enabled: false });
    // the user's own prices: edited, and written by an import
    old.prepare("UPDATE models SET input_cost_per_1m = 0.35, price_source = 'user' WHERE id = 'openai/gpt-4.1-mini'").run();
    audit('model.update', 'openai/gpt-4.1-mini', { input_cost_per_1m: 0.35 });
    old.prepare("UPDATE models SET output_cost_per_1m = 0.5, price_source = 'user' WHERE id = 'ollama/llama3.2'").run();
    audit('config.import', 'config', { models: { created: 0, updated: 1 }, changed: { models: { 'ollama/llama3.2': ['output_cost_per_1m'] } }, created: { models: [] } });
  });

  mkdirSync(tmp.path('newer'));
  const db = tmp.upgrade(file, { catalogPath: writeFixtureCatalog(tmp.path('newer'), CATALOG), now: new Date('2026-03-01T00:00:00Z') });
  const row = (id: string) => db.prepare(
    `SELECT input_cost_per_1m AS input, output_cost_per_1m AS output, price_source AS source, price_as_of AS asOf,
       context_length AS context, capabilities FROM models WHERE id = ?`,
  ).get(id);
  expect(row('openai/o3-pro')).toEqual({
    input: 20, output: 80, source: 'bundled', asOf: '2026-01-15', context: 200000, capabilities: '["chat","tools","reasoning"]',
  });
  expect(row('anthropic/claude-sonnet-4-5')).toMatchObject({ input: 3, output: 15, source: 'bundled' });
  expect(row('openai/gpt-4.1-mini')).toMatchObject({ input: 0.35, source: 'user' });
  expect(row('ollama/llama3.2')).toMatchObject({ output: 0.5, source: 'user' });
  const updates = db.prepare("SELECT subject, detail FROM audit_log WHERE action = 'model.price_update' ORDER BY subject").all() as { subject: string; detail: string }[];
  expect(updates.map((u) => u.subject)).toEqual(['anthropic/claude-sonnet-4-5', 'openai/o3-pro']);
  expect(JSON.parse(updates[1]!.detail)).toMatchObject({ from: { input_cost_per_1m: 0, output_cost_per_1m: 0 }, to: { input_cost_per_1m: 20, output_cost_per_1m: 80 } });
});
