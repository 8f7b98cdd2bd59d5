// Seeds a fresh database at schema 1. Raw SQL written against schema 1 on purpose: the
// repositories follow the newest schema, and this must keep working when that moves on.
import { randomUUID } from 'node:crypto';
import { PROVIDER_TYPE_INFO } from '../../../core/providers/registry';
import { DEFAULT_ROUTING_RULES } from '../../../shared/defaults';
import { loadBundledCatalog } from '../../catalog/bundled-catalog';
import type { Database, MigrationContext } from '../migration';

export function seedFreshDatabase(db: Database, ctx: MigrationContext): void {
  const at = ctx.now.toISOString();
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('install_id', randomUUID());
  db.prepare('INSERT INTO routing_rules (id, rules, updated_at) VALUES (1, ?, ?)').run(JSON.stringify(DEFAULT_ROUTING_RULES), at);
  db.prepare(
    `INSERT INTO users (id, name, power_level, preferred_models, privacy_guard, created_at, updated_at)
     VALUES ('default', 'Default', ?, '[]', 'off', ?, ?)`,
  ).run(DEFAULT_ROUTING_RULES.power_level, at, at);
  if (ctx.catalogPath === null) return;

  const catalog = loadBundledCatalog(ctx.catalogPath);
  const insertProvider = db.prepare(
    `INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  for (const p of catalog.providers) {
    // Local runtimes cost nothing and need no key; cloud ones wait until the user adds a key.
    const enabled = PROVIDER_TYPE_INFO[p.type].local ? 1 : 0;
    insertProvider.run(p.type, p.name, p.type, p.base_url, enabled, at, at);
  }
  const insertModel = db.prepare(
    `INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m,
       cached_input_cost_per_1m, context_length, max_output_tokens, capabilities, quality, enabled, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  for (const m of catalog.models) {
    insertModel.run(
      `${m.provider_type}/${m.model_name}`, m.provider_type, m.model_name, m.display_name, m.input_cost_per_1m,
      m.output_cost_per_1m, m.cached_input_cost_per_1m, m.context_length, m.max_output_tokens,
      JSON.stringify(m.capabilities), m.quality, at, at,
    );
  }
}
