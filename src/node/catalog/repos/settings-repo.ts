import type { Database } from '../../db/migration';
import type { Settings } from '../../../shared/types';
import { DEFAULT_SETTINGS } from '../../../shared/defaults';
import { parseJson } from './rows';

export function createSettingsRepo(db: Database) {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const put = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    get(): Settings {
      const out: Settings = { ...DEFAULT_SETTINGS };
      for (const { key, value } of all.all()) {
        if (Object.hasOwn(DEFAULT_SETTINGS, key)) (out as unknown as Record<string, unknown>)[key] = parseJson(value, undefined);
      }
      return out;
    },
    put(patch: Partial<Settings>): void {
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) put.run(k, JSON.stringify(v));
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
