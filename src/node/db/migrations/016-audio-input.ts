// The `audio` capability (models that take audio input) for databases made before it existed: until then an
// audio part was sent to any chat model, and a text-only one's 400 ended the request. Each chat model that
// takes audio by its provider type and name (takesAudioInput: Gemini's own, OpenAI's audio models, Voxtral, the
// same on OpenRouter) gets it, bundled or discovered, unless the user set its capabilities by hand (the audit
// log names every such edit). Raw SQL against schema 16 on purpose (see 001-seed.ts).
import { takesAudioInput } from '../../catalog/audio-input';
import type { Database, Migration, MigrationContext } from '../migration';

function addAudio(db: Database, ctx: MigrationContext): void {
  const theirs = new Set(db.prepare(
    `SELECT DISTINCT subject FROM audit_log WHERE action = 'model.update' AND detail LIKE '%"capabilities"%'`,
  ).pluck().all() as string[]);
  const rows = db.prepare(
    'SELECT m.id, m.model_name, m.capabilities, p.type FROM models m JOIN providers p ON p.id = m.provider_id',
  ).all() as { id: string; model_name: string; capabilities: string; type: string }[];
  const update = db.prepare('UPDATE models SET capabilities = ? WHERE id = ?');
  const added: string[] = [];
  for (const r of rows) {
    if (theirs.has(r.id) || !takesAudioInput(r.type, r.model_name)) continue;
    let caps: unknown;
    try {
      caps = JSON.parse(r.capabilities);
    } catch {
      continue;
    }
    if (!Array.isArray(caps) || !caps.includes('chat') || caps.includes('audio')) continue;
    update.run(JSON.stringify([...caps, 'audio']), r.id);
    added.push(r.id);
  }
  if (added.length > 0) {
    db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'catalog.capability_added', 'audio', ?)")
      .run(ctx.now.toISOString(), JSON.stringify({ models: added }));
  }
}

export const audioInputMigration: Migration = {
  version: 16,
  name: 'audio-input',
  up: addAudio,
};
