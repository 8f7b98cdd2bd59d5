// Commit 8da2b6f shipped, for a few minutes on main, a migration 16 that gave models an `audio` capability,
// and a build that let discovery and the admin API set it; 477a3e9 took the capability back until SPEC.md
// lists it (its capabilities are chat, tools, vision, json, embeddings, reasoning, documents). A database that
// build touched is at schema 16 with `audio` in models' capabilities, which this build would refuse as "newer",
// list, and export in a file no import takes. So 16 and 17 both take `audio` out of every model's capabilities
// (audited): 16 for databases at 15, 17 for those at 8da2b6f's 16; on any other database they change nothing.
// Raw SQL against schema 16 on purpose (see 001-seed.ts). A capability for audio, when SPEC has one, is a new
// migration number.
import type { Database, Migration, MigrationContext } from '../migration';

function withdrawAudio(db: Database, ctx: MigrationContext): void {
  const rows = db.prepare("SELECT id, capabilities FROM models WHERE capabilities LIKE '%\"audio\"%'").all() as { id: string; capabilities: string }[];
  const update = db.prepare('UPDATE models SET capabilities = ? WHERE id = ?');
  const removed: string[] = [];
  for (const r of rows) {
    let caps: unknown;
    try {
      caps = JSON.parse(r.capabilities);
    } catch {
      continue;
    }
    if (!Array.isArray(caps) || !caps.includes('audio')) continue;
    update.run(JSON.stringify(caps.filter((c) => c !== 'audio')), r.id);
    removed.push(r.id);
  }
  if (removed.length > 0) {
    db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'catalog.capability_removed', 'audio', ?)")
      .run(ctx.now.toISOString(), JSON.stringify({ models: removed }));
  }
}

export const audioWithdrawnMigration: Migration = { version: 16, name: 'audio-withdrawn', up: withdrawAudio };
export const audioWithdrawnAgainMigration: Migration = { version: 17, name: 'audio-withdrawn-after-8da2b6f', up: withdrawAudio };
