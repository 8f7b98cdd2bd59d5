// Shared set-up for the storage and service tests: temp dirs and a tiny bundled catalog.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { MIGRATIONS, openDatabase, schemaVersion, type Database, type Migration } from '../../src/node/db/index';
import type { OpenDatabaseOptions } from '../../src/node/db/open-database';

export const FIXTURE_CATALOG = {
  as_of: '2026-01-15',
  providers: [
    { type: 'openai', name: 'OpenAI', base_url: 'https://api.openai.com/v1', auth: 'bearer', models_path: '/models' },
    { type: 'anthropic', name: 'Anthropic', base_url: 'https://api.anthropic.com', auth: 'x-api-key' },
    { type: 'ollama', name: 'Ollama', base_url: 'http://127.0.0.1:11434/v1', auth: 'none' },
  ],
  models: [
    {
      provider_type: 'openai', model_name: 'gpt-4.1-mini', display_name: 'GPT-4.1 mini', input_cost_per_1m: 0.4, output_cost_per_1m: 1.6,
      cached_input_cost_per_1m: 0.1, context_length: 1047576, max_output_tokens: 32768, capabilities: ['chat', 'tools', 'vision', 'json'],
      quality: 70, source: 'https://openai.com/api/pricing', as_of: '2026-01-15',
    },
    {
      provider_type: 'anthropic', model_name: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', input_cost_per_1m: 3, output_cost_per_1m: 15,
      cached_input_cost_per_1m: 0.3, context_length: 200000, max_output_tokens: 64000, capabilities: ['chat', 'tools', 'vision', 'reasoning'],
      quality: 90,
    },
    {
      provider_type: 'ollama', model_name: 'llama3.2', display_name: 'Llama 3.2', input_cost_per_1m: 0, output_cost_per_1m: 0,
      cached_input_cost_per_1m: null, context_length: 131072, max_output_tokens: null, capabilities: ['chat', 'json'], quality: 35,
    },
  ],
};

export interface TempDir {
  dir: string;
  path(...parts: string[]): string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'switchboard-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (...parts) => join(dir, ...parts), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFixtureCatalog(dir: string, catalog: unknown = FIXTURE_CATALOG): string {
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(catalog));
  return file;
}

/** A model's capabilities as its row stores them. */
export const capsOf = (d: Database, id: string): string[] =>
  JSON.parse(d.prepare('SELECT capabilities FROM models WHERE id = ?').pluck().get(id) as string);

export interface TestDir extends TempDir {
  /** openDatabase, the database closed when the test finishes */
  open(file: string, options?: OpenDatabaseOptions): Database;
  /**
   * A database as an older build left it: `file` created by the first `schema` migrations (or these ones) from
   * `catalog`, `seed` writing its rows there; closed after. Returns what `seed` returned.
   */
  atSchema<T = void>(file: string, schema: number | readonly Migration[], seed?: (db: Database) => T, catalog?: unknown): T;
  /** Opens `file` with every migration (the fixture catalog unless `options` names one): the database now current. */
  upgrade(file: string, options?: OpenDatabaseOptions): Database;
}

/** A temp dir for the running test, removed when it finishes, after the databases opened through it are closed. */
export function testDir(): TestDir {
  const tmp = makeTempDir();
  const opened: Database[] = [];
  onTestFinished(() => {
    for (const d of opened) if (d.open) d.close();
    tmp.cleanup();
  });
  const open = (file: string, options?: OpenDatabaseOptions): Database => {
    const d = openDatabase(file, options);
    opened.push(d);
    return d;
  };
  return {
    ...tmp,
    open,
    atSchema(file, schema, seed, catalog = FIXTURE_CATALOG) {
      const migrations = typeof schema === 'number' ? MIGRATIONS.slice(0, schema) : schema;
      const old = open(file, { catalogPath: writeFixtureCatalog(tmp.dir, catalog), migrations });
      expect(schemaVersion(old)).toBe(migrations.length);
      try {
        return seed?.(old) as never;
      } finally {
        old.close();
      }
    },
    upgrade(file, options = {}) {
      const db = open(file, 'catalogPath' in options ? options : { ...options, catalogPath: writeFixtureCatalog(tmp.dir) });
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      return db;
    },
  };
}
