// An Ollama cloud model (Ollama 0.12+: `gpt-oss:120b-cloud`, `glm-4.6:cloud`) is listed by the local daemon,
// which forwards its prompts to ollama.com: `models.remote` says a model runs elsewhere whatever its provider
// (not local for the privacy guard, not free). Discovery sets it from Ollama's /api/show; the models already
// here are told by their names, on the types a local runtime may be (Ollama, LM Studio, OpenAI-compatible), and
// the $0 a local runtime filled in for them (nobody's price) becomes unknown: ollama.com bills them.
// Raw SQL against schema 23 on purpose (see 001-seed.ts); the name rule as it was when this ran.
import type { Database, Migration, MigrationContext } from '../migration';

const CLOUD_TAG = /:(?:[^:/]*-)?cloud$/i;

function markRemote(db: Database, ctx: MigrationContext): void {
  db.exec('ALTER TABLE models ADD COLUMN remote INTEGER NOT NULL DEFAULT 0');
  const rows = db.prepare(
    `SELECT m.id, m.model_name, m.price_source, m.input_cost_per_1m AS input, m.output_cost_per_1m AS output
       FROM models m JOIN providers p ON p.id = m.provider_id WHERE p.type IN ('ollama', 'lmstudio', 'openai-compatible')`,
  ).all() as { id: string; model_name: string; price_source: string | null; input: number | null; output: number | null }[];
  const setRemote = db.prepare('UPDATE models SET remote = 1 WHERE id = ?');
  const setUnknown = db.prepare(
    'UPDATE models SET input_cost_per_1m = NULL, output_cost_per_1m = NULL, price_source = NULL, price_as_of = NULL WHERE id = ?',
  );
  const audit = db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'model.price_unknown', ?, ?)");
  const at = ctx.now.toISOString();
  for (const r of rows) {
    if (!CLOUD_TAG.test(r.model_name)) continue;
    setRemote.run(r.id);
    if (r.price_source === 'user' || r.input !== 0 || r.output !== 0) continue;
    setUnknown.run(r.id);
    audit.run(at, r.id, JSON.stringify({ reason: 'an Ollama cloud model: ollama.com runs and bills it, its $0 was the local runtime\'s, the price is unknown' }));
  }
}

export const modelRemoteMigration: Migration = {
  version: 23,
  name: 'model-remote',
  up: markRemote,
};
