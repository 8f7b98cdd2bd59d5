import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, DatabaseFromFutureError, MIGRATIONS, openAppDatabase, openDatabase, schemaVersion, type Database, type Migration } from '../../src/node/db/index';
import { catalogMigration } from '../../src/node/db/migrations/001-catalog';
import { BundledCatalogError } from '../../src/node/catalog/bundled-catalog';
import { DEFAULT_ROUTING_RULES } from '../../src/shared/defaults';
import { FIXTURE_CATALOG, testDir, writeFixtureCatalog } from './db-fixtures';

const tables = (d: Database) =>
  (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('openDatabase', () => {
  it('creates every table from empty, with WAL, foreign keys and a short busy timeout (SQLite waits for a lock on the thread that serves every request)', () => {
    const tmp = testDir();
    const db = tmp.open(tmp.path('data', 'switchboard.db'), { catalogPath: writeFixtureCatalog(tmp.dir) });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(expect.arrayContaining([
      'audit_log', 'byok', 'meta', 'models', 'provider_health', 'providers', 'routing_rules', 'settings', 'user_tokens', 'users',
    ]));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(BUSY_TIMEOUT_MS).toBeLessThanOrEqual(100);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['providers_enabled', 'models_enabled', 'models_provider']));
  });

  it('seeds a fresh database from the bundled catalog once', () => {
    const tmp = testDir();
    const file = tmp.path('switchboard.db');
    const catalogPath = writeFixtureCatalog(tmp.dir);
    let db = tmp.open(file, { catalogPath });
    const providers = db.prepare('SELECT id, type, enabled, base_url FROM providers ORDER BY id').all();
    expect(providers).toEqual([
      { id: 'anthropic', type: 'anthropic', enabled: 0, base_url: 'https://api.anthropic.com' },
      { id: 'ollama', type: 'ollama', enabled: 1, base_url: 'http://127.0.0.1:11434/v1' },
      { id: 'openai', type: 'openai', enabled: 0, base_url: 'https://api.openai.com/v1' },
    ]);
    const gpt = db.prepare("SELECT * FROM models WHERE id = 'openai/gpt-4.1-mini'").get() as Record<string, unknown>;
    expect(gpt).toMatchObject({
      provider_id: 'openai', model_name: 'gpt-4.1-mini', input_cost_per_1m: 0.4, output_cost_per_1m: 1.6, cached_input_cost_per_1m: 0.1,
      context_length: 1047576, max_output_tokens: 32768, quality: 70, enabled: 1, not_installed: 0, avg_latency_ms: null, latency_samples: 0,
    });
    expect(JSON.parse(gpt.capabilities as string)).toEqual(['chat', 'tools', 'vision', 'json']);
    expect(db.prepare('SELECT COUNT(*) n FROM models').get()).toEqual({ n: FIXTURE_CATALOG.models.length });
    expect(db.prepare("SELECT id, power_level FROM users").all()).toEqual([{ id: 'default', power_level: DEFAULT_ROUTING_RULES.power_level }]);
    const rules = JSON.parse((db.prepare('SELECT rules FROM routing_rules').get() as { rules: string }).rules);
    expect(rules).toEqual(DEFAULT_ROUTING_RULES);
    const installId = (db.prepare("SELECT value FROM meta WHERE key = 'install_id'").get() as { value: string }).value;
    expect(installId).toMatch(/^[0-9a-f-]{36}$/);

    // Reopening neither reseeds nor changes the install id, even if the user removed seeded rows.
    db.prepare("DELETE FROM providers WHERE id = 'anthropic'").run();
    db.close();
    db = tmp.open(file, { catalogPath });
    expect(db.prepare("SELECT COUNT(*) n FROM providers WHERE id = 'anthropic'").get()).toEqual({ n: 0 });
    expect((db.prepare("SELECT value FROM meta WHERE key = 'install_id'").get() as { value: string }).value).toBe(installId);
  });

  it('two databases get different install ids', () => {
    const tmp = testDir();
    const a = tmp.open(tmp.path('a.db'));
    const b = tmp.open(tmp.path('b.db'));
    const id = (d: Database) => (d.prepare("SELECT value FROM meta WHERE key = 'install_id'").get() as { value: string }).value;
    expect(id(a)).not.toBe(id(b));
    a.close();
    b.close();
  });

  it('openAppDatabase refuses a newer build\'s database in WAL mode and leaves the file and its -wal byte-identical', () => {
    const tmp = testDir();
    const live = tmp.path('live.db');
    const file = tmp.path('future-wal.db');
    const raw = new BetterSqlite3(live);
    raw.pragma('journal_mode = WAL');
    raw.pragma('wal_autocheckpoint = 0');
    raw.exec('CREATE TABLE something_new (x INTEGER); INSERT INTO something_new VALUES (1)');
    raw.pragma('user_version = 999');
    // a copy taken while the writer is open: the newest pages (and the version) sit in the -wal
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    raw.close();
    const before = readFileSync(file);
    const walBefore = readFileSync(`${file}-wal`);
    expect(walBefore.length).toBeGreaterThan(0);
    expect(() => openAppDatabase(file)).toThrow(DatabaseFromFutureError);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(readFileSync(`${file}-wal`).equals(walBefore)).toBe(true);
  });

  it('refuses a database from a newer build and leaves the file byte-identical', () => {
    const tmp = testDir();
    const file = tmp.path('future.db');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE something_new (x INTEGER)');
    raw.pragma('user_version = 999');
    raw.close();
    const before = readFileSync(file);
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseFromFutureError);
    expect((error as Error).message).toContain(`this database was written by a newer Switchboard (schema 999, this build knows ${MIGRATIONS.length})`);
    expect(readFileSync(file).equals(before)).toBe(true);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    check.close();
  });

  it('upgrades an older database and keeps its data', () => {
    const tmp = testDir();
    const file = tmp.path('old.db');
    tmp.atSchema(file, [catalogMigration], (v1) => {
      v1.prepare(`INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
        VALUES ('mine', 'Mine', 'openai-compatible', 'http://127.0.0.1:9000/v1', 1, 5, 'x', 'x')`).run();
    });

    const v2: Migration = {
      version: 2,
      name: 'test-add-column',
      up: (d) => d.exec("ALTER TABLE providers ADD COLUMN note TEXT NOT NULL DEFAULT 'n/a'"),
    };
    const db = tmp.open(file, { migrations: [catalogMigration, v2] });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT id, priority, note FROM providers WHERE id = 'mine'").get()).toEqual({ id: 'mine', priority: 5, note: 'n/a' });
    expect(db.prepare('SELECT COUNT(*) n FROM models').get()).toEqual({ n: FIXTURE_CATALOG.models.length });
  });

  it('rolls a failed migration back completely', () => {
    const tmp = testDir();
    const file = tmp.path('fail.db');
    tmp.open(file, { migrations: [catalogMigration] }).close();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase(file, { migrations: [catalogMigration, broken] })).toThrow(/migration 2 \(broken\) failed: boom/);
    const db = tmp.open(file, { migrations: [catalogMigration] });
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
  });

  it('fails clearly on a damaged bundled catalog and creates nothing', () => {
    const tmp = testDir();
    const file = tmp.path('bad.db');
    const catalogPath = writeFixtureCatalog(tmp.dir, { ...FIXTURE_CATALOG, models: [{ ...FIXTURE_CATALOG.models[0], input_cost_per_1m: -1 }] });
    expect(() => openDatabase(file, { catalogPath })).toThrow(BundledCatalogError);
    const check = new BetterSqlite3(file);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it('cascades model, token and BYOK rows with their provider or profile', () => {
    const tmp = testDir();
    const db = tmp.open(tmp.path('fk.db'), { catalogPath: writeFixtureCatalog(tmp.dir) });
    db.prepare(`INSERT INTO byok (user_id, provider_id, secret_ref, key_mask, created_at, updated_at)
      VALUES ('default', 'openai', 'byok/default/openai', 'sk-...abcd', 'x', 'x')`).run();
    db.prepare("DELETE FROM providers WHERE id = 'openai'").run();
    expect(db.prepare("SELECT COUNT(*) n FROM models WHERE provider_id = 'openai'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) n FROM byok').get()).toEqual({ n: 0 });
    expect(() => db.prepare(`INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m,
      context_length, created_at, updated_at) VALUES ('ghost/x', 'ghost', 'x', 'x', 0, 0, 1, 'x', 'x')`).run()).toThrow(/FOREIGN KEY/);
  });
});
