// A seeded cloud provider is off only until it has a key (migration 9): `waits_for_key` says the user has
// not switched it on or off themselves, so an environment default key (OPENAI_API_KEY, ...) counts as its
// first key and switches it on (provider-enabled.ts), while a provider the user switched off stays off.
// Databases seeded before: a seeded row still off and keyless waits, unless the audit log names the user's
// own choice for it (created it, set `enabled`, or imported a document that set it).
// Raw SQL against schema 9 on purpose (see 001-seed.ts).
import type { Migration } from '../migration';

const SQL = `
ALTER TABLE providers ADD COLUMN waits_for_key INTEGER NOT NULL DEFAULT 0;
UPDATE providers SET waits_for_key = 1
WHERE enabled = 0 AND key_mask IS NULL AND id = type
  AND type IN ('openai', 'anthropic', 'gemini', 'openrouter', 'together', 'groq', 'mistral', 'deepseek', 'xai')
  AND NOT EXISTS (
    SELECT 1 FROM audit_log a WHERE a.subject = providers.id
      AND (a.action = 'provider.create' OR (a.action = 'provider.update' AND a.detail LIKE '%"enabled"%')))
  AND NOT EXISTS (
    SELECT 1 FROM audit_log a WHERE a.action = 'config.import' AND json_valid(a.detail)
      AND (COALESCE(json_extract(a.detail, '$.changed.providers."' || providers.id || '"'), '') LIKE '%"enabled"%'
        OR EXISTS (SELECT 1 FROM json_each(a.detail, '$.created.providers') c WHERE c.value = providers.id)));
`;

export const waitsForKeyMigration: Migration = {
  version: 9,
  name: 'waits-for-key',
  up(db): void {
    db.exec(SQL);
  },
};
