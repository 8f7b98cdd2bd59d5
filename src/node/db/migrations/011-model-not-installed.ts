// A local runtime's model its listing leaves out (a bundled Ollama or LM Studio model never pulled) cannot
// be served: `not_installed` keeps it out of routing until a listing names it again, apart from `enabled`,
// which stays the user's own choice. Every model starts installed; the next listing sets it.
// Raw SQL against schema 11 on purpose (see 001-seed.ts).
import type { Migration } from '../migration';

export const modelNotInstalledMigration: Migration = {
  version: 11,
  name: 'model-not-installed',
  up(db): void {
    db.exec('ALTER TABLE models ADD COLUMN not_installed INTEGER NOT NULL DEFAULT 0');
  },
};
