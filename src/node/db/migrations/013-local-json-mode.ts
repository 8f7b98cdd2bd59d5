// JSON mode for the chat models of Ollama and LM Studio providers already in a database: discovery gives
// a model the `json` capability since be8f879 / 1fbc5b5 (Ollama takes response_format for any model that
// generates; LM Studio is sent JSON mode as a json_schema of any object), but a model discovered before
// kept `["chat", ...]` and a request asking JSON was still refused. Each such model gets it, unless the user
// set its capabilities by hand (the audit log names every such edit). Embeddings models are left as they are.
// Raw SQL against schema 13 on purpose (see 001-seed.ts).
import type { Database, Migration, MigrationContext } from '../migration';

function addJson(db: Database, ctx: MigrationContext): void {
  const theirs = new Set(db.prepare(
    `SELECT DISTINCT subject FROM audit_log WHERE action = 'model.update' AND detail LIKE '%"capabilities"%'`,
  ).pluck().all() as string[]);
  const rows = db.prepare(
    `SELECT m.id, m.capabilities FROM models m JOIN providers p ON p.id = m.provider_id WHERE p.type IN ('ollama', 'lmstudio')`,
  ).all() as { id: string; capabilities: string }[];
  const update = db.prepare('UPDATE models SET capabilities = ? WHERE id = ?');
  const added: string[] = [];
  for (const r of rows) {
    if (theirs.has(r.id)) continue;
    let caps: unknown;
    try {
      caps = JSON.parse(r.capabilities);
    } catch {
      continue;
    }
    if (!Array.isArray(caps) || !caps.includes('chat') || caps.includes('json') || caps.includes('embeddings')) continue;
    update.run(JSON.stringify([...caps, 'json']), r.id);
    added.push(r.id);
  }
  if (added.length > 0) {
    db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'catalog.capability_added', 'json', ?)")
      .run(ctx.now.toISOString(), JSON.stringify({ models: added }));
  }
}

export const localJsonModeMigration: Migration = {
  version: 13,
  name: 'local-json-mode',
  up: addJson,
};
