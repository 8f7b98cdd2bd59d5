import type { Database } from '../../db/migration';
import type { ModelRow } from './rows';

const PRICE_COLS =
  'input_cost_per_1m, output_cost_per_1m, cached_input_cost_per_1m, cache_write_5m_cost_per_1m, cache_write_1h_cost_per_1m, ' +
  'long_context_tiers, price_source, price_as_of';
const COLS =
  `id, provider_id, model_name, display_name, ${PRICE_COLS}, ` +
  'context_length, max_output_tokens, capabilities, quality, enabled, not_installed, remote, api, avg_latency_ms, latency_samples, created_at, updated_at';
const SET_PRICES = PRICE_COLS.split(', ').map((c) => `${c} = @${c}`).join(', ');
const PARAMS = COLS.split(', ').map((c) => `@${c}`).join(', ');

export function createModelsRepo(db: Database) {
  const all = db.prepare<[], ModelRow>(`SELECT ${COLS} FROM models ORDER BY provider_id, model_name`);
  const byProvider = db.prepare<[string], ModelRow>(`SELECT ${COLS} FROM models WHERE provider_id = ? ORDER BY model_name`);
  const one = db.prepare<[string], ModelRow>(`SELECT ${COLS} FROM models WHERE id = ?`);
  const ids = db.prepare<[], { id: string }>('SELECT id FROM models');
  const insert = db.prepare<ModelRow>(`INSERT INTO models (${COLS}) VALUES (${PARAMS})`);
  const update = db.prepare<ModelRow>(
    `UPDATE models SET display_name = @display_name, ${SET_PRICES},
       context_length = @context_length, max_output_tokens = @max_output_tokens, capabilities = @capabilities,
       quality = @quality, enabled = @enabled, remote = @remote, api = @api, updated_at = @updated_at WHERE id = @id`,
  );
  const latency = db.prepare<[number, number, string]>('UPDATE models SET avg_latency_ms = ?, latency_samples = ? WHERE id = ?');
  const installed = db.prepare<[0 | 1, string, 0 | 1]>('UPDATE models SET not_installed = ? WHERE id = ? AND not_installed <> ?');
  const remove = db.prepare<[string]>('DELETE FROM models WHERE id = ?');
  return {
    list: (): ModelRow[] => all.all(),
    listByProvider: (providerId: string): ModelRow[] => byProvider.all(providerId),
    get: (id: string): ModelRow | undefined => one.get(id),
    ids: (): Set<string> => new Set(ids.all().map((r) => r.id)),
    insert: (row: ModelRow): void => void insert.run(row),
    update: (row: ModelRow): void => void update.run(row),
    setLatency: (id: string, avgMs: number, samples: number): void => void latency.run(avgMs, samples, id),
    /** true when it changed */
    setNotInstalled: (id: string, flag: 0 | 1): boolean => installed.run(flag, id, flag).changes > 0,
    delete: (id: string): boolean => remove.run(id).changes > 0,
  };
}
export type ModelsRepo = ReturnType<typeof createModelsRepo>;
