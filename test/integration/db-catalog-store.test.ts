import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/node/db/index';
import { EncryptedFileStore, type SecretStore } from '../../src/node/secrets/index';
import { KeyUnavailableError } from '../../src/core/key-unavailable';
import { createCatalogStore, generateToken, newTokenId, type CatalogStore } from '../../src/node/catalog/index';
import { makeTempDir, writeFixtureCatalog, type TempDir } from './db-fixtures';

let tmp: TempDir;
let db: Database;
let secrets: SecretStore & { reads: number };
let store: CatalogStore;
let clock: number;

function countingStore(inner: SecretStore): SecretStore & { reads: number } {
  const s = {
    kind: inner.kind, reads: 0,
    get: (a: string) => { s.reads += 1; return inner.get(a); },
    set: (a: string, v: string) => inner.set(a, v),
    delete: (a: string) => inner.delete(a),
    status: () => inner.status(),
  };
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(tmp.path('switchboard.db'), { catalogPath: writeFixtureCatalog(tmp.dir) });
  secrets = countingStore(new EncryptedFileStore({ file: tmp.path('secrets.enc'), key: randomBytes(32) }));
  clock = Date.parse('2026-03-01T00:00:00Z');
  store = createCatalogStore({
    db, secrets, env: { GEMINI_API_KEY: 'unused', ANTHROPIC_API_KEY: 'sk-ant-env-0000000000' }, now: () => clock, latencyFlushMs: 30, tokenTouchIntervalMs: 60_000,
  });
});
afterEach(() => {
  store.close();
  db.close();
  tmp.cleanup();
});

function insertToken(userId: string) {
  const t = generateToken();
  const id = newTokenId();
  db.prepare('INSERT INTO user_tokens (id, user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, userId, 't', t.hash, t.prefix, 'x');
  store.refresh();
  return { raw: t.raw, id };
}

describe('CatalogStore', () => {
  it('builds the snapshot the router reads, cached until refresh', () => {
    const snap = store.snapshot();
    expect(store.snapshot()).toBe(snap);
    // the env key is the seeded provider's first key: it switches it on (SPEC.md §1)
    expect(snap.providers.get('anthropic')).toMatchObject({ format: 'anthropic', enabled: true, hasKey: true, keyless: false, local: false });
    expect(snap.providers.get('openai')).toMatchObject({ format: 'openai', enabled: false, hasKey: false, baseUrl: 'https://api.openai.com/v1' });
    expect(snap.providers.get('ollama')).toMatchObject({ keyless: true, local: true, enabled: true });
    const gpt = snap.modelsById.get('openai/gpt-4.1-mini');
    expect(gpt).toMatchObject({ providerId: 'openai', modelName: 'gpt-4.1-mini', inputCostPer1m: 0.4, cachedInputCostPer1m: 0.1, quality: 70, avgLatencyMs: null });
    expect(gpt?.capabilities.has('vision')).toBe(true);
    expect(snap.models).toHaveLength(3);
    expect(snap.modelsByName.get('claude-sonnet-4-5')).toEqual(['anthropic/claude-sonnet-4-5']);
    expect(snap.rules.power_level).toBe('balanced');

    let seen = 0;
    const off = store.onChange((s) => {
      seen = s.version;
    });
    store.refresh();
    expect(store.snapshot()).not.toBe(snap);
    expect(seen).toBe(snap.version + 1);
    off();
    store.refresh();
    expect(seen).toBe(snap.version + 1);
  });

  it('resolves live tokens only, and touches last_used_at lazily at most once a minute', async () => {
    const t = insertToken('default');
    const lastUsed = () => (db.prepare('SELECT last_used_at FROM user_tokens WHERE id = ?').get(t.id) as { last_used_at: string | null }).last_used_at;
    expect(store.resolveToken(t.raw)).toEqual({ userId: 'default', tokenId: t.id });
    expect(lastUsed()).toBeNull(); // not on the request path
    await sleep(5);
    expect(lastUsed()).toBe('2026-03-01T00:00:00.000Z');
    clock += 30_000;
    store.resolveToken(t.raw);
    await sleep(5);
    expect(lastUsed()).toBe('2026-03-01T00:00:00.000Z');
    clock += 31_000;
    store.resolveToken(t.raw);
    await sleep(5);
    expect(lastUsed()).toBe('2026-03-01T00:01:01.000Z');

    expect(store.resolveToken(`${t.raw}x`)).toBeNull();
    expect(store.resolveToken('')).toBeNull();
    expect(store.resolveToken('sb-'.padEnd(5000, 'a'))).toBeNull();
    db.prepare('UPDATE user_tokens SET revoked_at = ? WHERE id = ?').run('x', t.id);
    store.refresh();
    expect(store.resolveToken(t.raw)).toBeNull();
  });

  it('reads a stored key when the catalog starts referring to it, then only from memory until it is written again', async () => {
    await secrets.set('provider/openai', 'sk-stored-openai-0000000');
    db.prepare("UPDATE providers SET key_mask = 'sk-...0000' WHERE id = 'openai'").run();
    const reads = secrets.reads;
    store.refresh();
    expect(secrets.reads - reads).toBe(1); // at the change, not on the request path
    const keys = await Promise.all(Array.from({ length: 50 }, () => store.providerKey('openai')));
    expect(new Set(keys)).toEqual(new Set(['sk-stored-openai-0000000']));
    expect(secrets.reads - reads).toBe(1);
    // other admin changes keep the cached key; a write of that account reads it again, at once
    store.refresh();
    await store.providerKey('openai');
    expect(secrets.reads - reads).toBe(1);
    store.forgetSecret('provider/openai');
    expect(secrets.reads - reads).toBe(2);
    await store.providerKey('openai');
    expect(secrets.reads - reads).toBe(2);
    // env defaults and keyless providers never touch the store
    expect(await store.providerKey('anthropic')).toBe('sk-ant-env-0000000000');
    expect(await store.providerKey('ollama')).toBeUndefined();
    expect(await store.providerKey('ghost')).toBeUndefined();
    expect(secrets.reads - reads).toBe(2);
  });

  it('recomputes masks saved by the first rule once their keys are read, sending the keys meanwhile; a key changed since keeps its mask', async () => {
    const at = new Date(clock).toISOString();
    await secrets.set('provider/openai', 'token-abc123');
    await secrets.set('provider/anthropic', 'sk-abcdefghi');
    await secrets.set('byok/default/openai', 'Xq7Lk2Pz9RtVw3Ny8Bc5Hd1Jf6Gm4Ks0');
    await secrets.set('provider/ollama', 'sk-older-key-left-0000');
    db.prepare("UPDATE providers SET key_mask = 'token-...c123' WHERE id = 'openai'").run();
    db.prepare("UPDATE providers SET key_mask = 'sk-...fghi' WHERE id = 'anthropic'").run();
    db.prepare("UPDATE providers SET key_mask = 'sk-...9999' WHERE id = 'ollama'").run();
    db.prepare("INSERT INTO byok (user_id, provider_id, secret_ref, key_mask, preferred_models, created_at, updated_at) VALUES ('default', 'openai', 'byok/default/openai', '...4Ks0', '[]', ?, ?)").run(at, at);
    const restarted = createCatalogStore({ db, secrets, env: {} });
    try {
      expect(await restarted.providerKey('openai')).toBe('token-abc123');
      expect(await restarted.providerKey('anthropic')).toBe('sk-abcdefghi');
      const masks = () => Object.fromEntries(db.prepare("SELECT id, key_mask FROM providers WHERE id IN ('openai', 'anthropic', 'ollama')").all()
        .map((r) => [(r as { id: string }).id, (r as { key_mask: string }).key_mask]));
      for (let i = 0; i < 100 && masks().openai !== '...'; i++) await sleep(5);
      expect(masks()).toEqual({ openai: '...', anthropic: 'sk-...', ollama: 'sk-...9999' });
      expect(db.prepare("SELECT key_mask FROM byok WHERE secret_ref = 'byok/default/openai'").pluck().get()).toBe('...4Ks0');
      // the catalog holds the new masks: the keys still go out; the older key left in the store still does not
      expect(await restarted.providerKey('openai')).toBe('token-abc123');
      expect(await restarted.providerKey('anthropic')).toBe('sk-abcdefghi');
      expect(await restarted.providerKey('openai', 'default')).toBe('Xq7Lk2Pz9RtVw3Ny8Bc5Hd1Jf6Gm4Ks0');
      await expect(restarted.providerKey('ollama')).rejects.toBeInstanceOf(KeyUnavailableError);
    } finally {
      restarted.close();
    }
  });

  it('a stored key that cannot be read is unavailable, never "no key" (and no fallback to the env key)', async () => {
    const failing = { ...secrets, get: async () => { throw new Error('Cannot unlock the collection'); } };
    db.prepare("UPDATE providers SET key_mask = 'sk-...0000' WHERE id IN ('openai', 'anthropic')").run();
    const locked = createCatalogStore({ db, secrets: failing, env: { ANTHROPIC_API_KEY: 'sk-ant-env-0000000000' } });
    try {
      for (const id of ['openai', 'anthropic']) {
        const err = await locked.providerKey(id).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(KeyUnavailableError);
        expect(err).toMatchObject({ kind: 'key_unavailable', providerId: id });
        expect((err as Error).message).toMatch(/Cannot unlock the collection/);
      }
      expect(await locked.providerKey('ollama')).toBeUndefined();
    } finally {
      locked.close();
    }
  });

  it('a stored key that is absent from the store falls back to the env key', async () => {
    db.prepare("UPDATE providers SET key_mask = 'sk-...0000' WHERE id = 'anthropic'").run();
    store.refresh();
    expect(await store.providerKey('anthropic')).toBe('sk-ant-env-0000000000');
  });

  it('never sends a key the store holds under another mask than the one saved (an older key): as if missing', async () => {
    // left in this store while the other one was in use, and replaced there (sk-...9999 is what the UI shows)
    await secrets.set('provider/openai', 'sk-revoked-openai-1234');
    await secrets.set('provider/anthropic', 'sk-ant-revoked-00001234');
    await secrets.set('byok/default/openai', 'sk-byok-revoked-00001234');
    db.prepare("UPDATE providers SET key_mask = 'sk-...9999' WHERE id IN ('openai', 'anthropic')").run();
    const at = new Date().toISOString();
    db.prepare("INSERT INTO byok (user_id, provider_id, secret_ref, key_mask, preferred_models, created_at, updated_at) VALUES ('default', 'openai', 'byok/default/openai', 'sk-...9999', '[]', ?, ?)").run(at, at);
    store.refresh();
    await expect(store.providerKey('openai')).rejects.toThrow(/its stored key is not in the encrypted secrets file .*or only an older one is; set the key again/);
    await expect(store.providerKey('openai', 'default')).rejects.toThrow(/profile \(BYOK\) key is not in .*set the key again/);
    expect(await store.providerKey('anthropic')).toBe('sk-ant-env-0000000000');
    // the key saved under that mask is used
    await secrets.set('provider/openai', 'sk-new-openai-9999');
    store.forgetSecret('provider/openai');
    expect(await store.providerKey('openai', 'default')).toBe('sk-new-openai-9999');
  });

  it('waits for a read still in flight no longer than the caller can', async () => {
    let release: (v: string) => void = () => undefined;
    const slow = { ...secrets, get: () => new Promise<string | null>((r) => { release = r; }) };
    db.prepare("UPDATE providers SET key_mask = 'sk-...0000' WHERE id = 'openai'").run();
    const pending = createCatalogStore({ db, secrets: slow, env: {} });
    try {
      await expect(pending.providerKey('openai', undefined, 30)).rejects.toThrow(/did not answer within 30 ms/);
      release('sk-late-but-fine-000000');
      expect(await pending.providerKey('openai', undefined, 30)).toBe('sk-late-but-fine-000000');
    } finally {
      pending.close();
    }
  });

  it('keeps an EWMA of latency, visible at once and written in debounced batches', async () => {
    store.recordLatency('openai/gpt-4.1-mini', 100);
    store.recordLatency('openai/gpt-4.1-mini', 200);
    store.recordLatency('ghost/model', 5);
    store.recordLatency('openai/gpt-4.1-mini', Number.NaN);
    expect(store.snapshot().modelsById.get('openai/gpt-4.1-mini')?.avgLatencyMs).toBeCloseTo(120);
    const row = () => db.prepare("SELECT avg_latency_ms, latency_samples FROM models WHERE id = 'openai/gpt-4.1-mini'").get();
    expect(row()).toEqual({ avg_latency_ms: null, latency_samples: 0 });
    await sleep(80);
    expect(row()).toEqual({ avg_latency_ms: 120, latency_samples: 2 });
    store.recordLatency('openai/gpt-4.1-mini', 20);
    store.refresh(); // a refresh must not lose a pending sample
    expect(row()).toEqual({ avg_latency_ms: 100, latency_samples: 3 });
    expect(store.snapshot().modelsById.get('openai/gpt-4.1-mini')?.avgLatencyMs).toBe(100);
  });

  it('records provider health with a failure streak and redacted messages', () => {
    const health = () => db.prepare("SELECT status, last_latency_ms, consecutive_failures, message FROM provider_health WHERE provider_id = 'openai'").get();
    store.recordHealth('openai', { ok: false, latencyMs: 12.4, status: 401, message: 'HTTP 401: bad key sk-proj-abcdefghijklmnopqrstuvwxyz' });
    store.recordHealth('openai', { ok: false, latencyMs: null, message: 'timeout' });
    expect(health()).toEqual({ status: 'unhealthy', last_latency_ms: null, consecutive_failures: 2, message: 'timeout' });
    store.recordHealth('openai', { ok: false, latencyMs: 3, message: 'HTTP 401: bad key sk-proj-abcdefghijklmnopqrstuvwxyz' });
    expect((health() as { message: string }).message).toBe('HTTP 401: bad key [REDACTED]');
    store.recordHealth('openai', { ok: true, latencyMs: 80, status: 200, message: null });
    expect((health() as { status: string }).status).toBe('healthy');
    expect(health()).toEqual({ status: 'healthy', last_latency_ms: 80, consecutive_failures: 0, message: null });
    store.recordHealth('ghost', { ok: true, latencyMs: 1, message: null });
  });

  it('mirrors which providers are stored unhealthy in memory: kept by every write, read again at start and on a change', () => {
    expect(store.storedUnhealthy('openai')).toBe(false);
    store.recordHealth('openai', { ok: false, latencyMs: 3, status: 503, message: 'HTTP 503' });
    store.recordHealth('ollama', { ok: false, notRunning: true, latencyMs: null, message: 'not running' });
    expect([store.storedUnhealthy('openai'), store.storedUnhealthy('ollama')]).toEqual([true, true]);
    const restarted = createCatalogStore({ db, secrets, env: {} });
    try {
      expect([restarted.storedUnhealthy('openai'), restarted.storedUnhealthy('ollama'), restarted.storedUnhealthy('anthropic')]).toEqual([true, true, false]);
      restarted.recordHealth('openai', { ok: true, latencyMs: null, message: 'answered' });
      expect(restarted.storedUnhealthy('openai')).toBe(false);
    } finally {
      restarted.close();
    }
    // a deleted provider's row goes with it (ON DELETE CASCADE): so does its place in the mirror
    db.prepare("DELETE FROM providers WHERE id = 'ollama'").run();
    store.refresh();
    expect(store.storedUnhealthy('ollama')).toBe(false);
  });

  it('exposes profiles with their BYOK providers', () => {
    db.prepare(`INSERT INTO byok (user_id, provider_id, secret_ref, key_mask, created_at, updated_at)
      VALUES ('default', 'openai', 'byok/default/openai', 'sk-...1234', 'x', 'x')`).run();
    store.refresh();
    expect(store.profile('default')).toMatchObject({ id: 'default', powerLevel: 'balanced', privacyGuard: 'off', preferredModels: [] });
    expect([...(store.profile('default')?.byokProviders ?? [])]).toEqual(['openai']);
    expect(store.profile('ghost')).toBeUndefined();
  });
});
