// The `documents` capability (models that read PDFs) for databases seeded before it existed: each
// bundled model the bundled catalog marks as reading PDFs gets it, unless the user set that model's
// capabilities by hand (the audit log names every such edit) or created the model under that id.
// Raw SQL against schema 5 on purpose (see 001-seed.ts).
import { loadBundledCatalog } from '../../catalog/bundled-catalog';
import type { Database, Migration, MigrationContext } from '../migration';

function addDocuments(db: Database, ctx: MigrationContext): void {
  if (ctx.catalogPath === null) return;
  const catalog = loadBundledCatalog(ctx.catalogPath);
  const theirs = new Set(db.prepare(
    `SELECT DISTINCT subject FROM audit_log
     WHERE (action = 'model.update' AND detail LIKE '%"capabilities"%') OR action = 'model.create'`,
  ).pluck().all() as string[]);
  // the seeded providers carry their type as id; a user's own provider of that type is not bundled
  const current = db.prepare('SELECT m.capabilities FROM models m JOIN providers p ON p.id = m.provider_id WHERE m.id = ? AND p.type = ?').pluck();
  const update = db.prepare('UPDATE models SET capabilities = ? WHERE id = ?');
  const added: string[] = [];
  for (const m of catalog.models) {
    const id = `${m.provider_type}/${m.model_name}`;
    if (!m.capabilities.includes('documents') || theirs.has(id)) continue;
    const stored = current.get(id, m.provider_type) as string | undefined;
    const caps: unknown = stored === undefined ? undefined : JSON.parse(stored);
    if (!Array.isArray(caps) || caps.includes('documents')) continue;
    update.run(JSON.stringify([...caps, 'documents']), id);
    added.push(id);
  }
  if (added.length > 0) {
    db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'catalog.capability_added', 'documents', ?)")
      .run(ctx.now.toISOString(), JSON.stringify({ models: added }));
  }
}

export const documentsMigration: Migration = {
  version: 5,
  name: 'documents-capability',
  up: addDocuments,
};
