// The catalog as the proxy and router see it: an in-memory snapshot rebuilt on every admin change,
// token and key lookups that stay off SQLite and the keychain on the hot path.
import { hash, timingSafeEqual } from 'node:crypto';
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { redactSecrets } from '../../core/redact';
import type { Database } from '../db/migration';
import { envKeyFor, type Env } from '../secrets/env-keys';
import type { SecretStore } from '../secrets/secret-store';
import { buildCatalogState, byokKey, type CatalogState } from './build-snapshot';
import { LatencyRecorder } from './latency-recorder';
import { repositoriesFor } from './repos/index';
import { providerAccount } from './secret-accounts';

export interface HealthReport {
  ok: boolean;
  latencyMs: number | null;
  message: string | null;
  /** the HTTP status the check got, if any; the health status itself follows `ok` */
  status?: number | null;
  /** a local server that does not answer at all (recorded as `not_running`, which is no failure streak) */
  notRunning?: boolean;
}

export interface CatalogStore {
  snapshot(): CatalogSnapshot;
  refresh(): void;
  onChange(fn: (snapshot: CatalogSnapshot) => void): () => void;
  profile(userId: string): ProfileEntry | undefined;
  resolveToken(raw: string): { userId: string; tokenId: string } | null;
  providerKey(providerId: string, userId?: string): Promise<string | undefined>;
  recordLatency(modelId: string, ms: number): void;
  recordHealth(providerId: string, report: HealthReport): void;
  /** a secret-store account was written or deleted: drop its cached key (keys stay cached across other changes) */
  forgetSecret(account: string): void;
  /** write pending latency samples now (shutdown) */
  flush(): void;
  /** flush and stop timers; the database stays open */
  close(): void;
}

export interface CatalogStoreOptions {
  db: Database;
  secrets: SecretStore;
  env: Env;
  now?: () => number;
  /** debounce for latency writes (default 5 s) */
  latencyFlushMs?: number;
  /** last_used_at is written at most this often per token (default 60 s) */
  tokenTouchIntervalMs?: number;
}

export function createCatalogStore(opts: CatalogStoreOptions): CatalogStore {
  const { db, secrets, env } = opts;
  const now = opts.now ?? Date.now;
  const touchEveryMs = opts.tokenTouchIntervalMs ?? 60_000;
  const repos = repositoriesFor(db);
  const latency = new LatencyRecorder(db, repos.models, opts.latencyFlushMs ?? 5_000);
  const listeners = new Set<(s: CatalogSnapshot) => void>();
  const lastTouched = new Map<string, number>();
  /** secret account -> the pending or settled read; only successful reads stay */
  const keyCache = new Map<string, Promise<string | null>>();
  let version = 1;
  let state: CatalogState = buildCatalogState(repos, env, version);

  function refresh(): void {
    latency.flush();
    version += 1;
    state = buildCatalogState(repos, env, version);
    for (const fn of listeners) fn(state.snapshot);
  }

  function readSecret(account: string): Promise<string | null> {
    const cached = keyCache.get(account);
    if (cached) return cached;
    const read = secrets.get(account);
    keyCache.set(account, read);
    // A miss or a failure is not remembered: the keychain may come back, the key may be stored.
    const forget = () => {
      if (keyCache.get(account) === read) keyCache.delete(account);
    };
    read.then((v) => v === null && forget(), forget);
    return read;
  }

  function touchToken(tokenId: string): void {
    const t = now();
    const last = lastTouched.get(tokenId);
    if (last !== undefined && t - last < touchEveryMs) return;
    lastTouched.set(tokenId, t);
    setImmediate(() => {
      if (!db.open) return;
      try {
        repos.users.tokens.touch(tokenId, new Date(t).toISOString());
      } catch {
        // A busy database costs us one last_used_at update, never a request.
      }
    });
  }

  return {
    snapshot: () => state.snapshot,
    refresh,
    onChange(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    profile: (userId) => state.profiles.get(userId),

    resolveToken(raw) {
      if (typeof raw !== 'string' || raw.length === 0 || raw.length > 512) return null;
      // one-shot hashing is ~8x cheaper than createHash() on this per-request path
      const hex = hash('sha256', raw, 'hex');
      const hit = state.tokens.get(hex);
      if (!hit || !timingSafeEqual(Buffer.from(hex, 'hex'), hit.hash)) return null;
      touchToken(hit.tokenId);
      return { userId: hit.userId, tokenId: hit.tokenId };
    },

    async providerKey(providerId, userId) {
      const provider = state.snapshot.providers.get(providerId);
      if (!provider) return undefined;
      const byokRef = userId === undefined ? undefined : state.byokRefs.get(byokKey(userId, providerId));
      if (byokRef) {
        const own = await readSecret(byokRef);
        if (own) return own;
      }
      if (state.storedKeys.has(providerId)) {
        const stored = await readSecret(providerAccount(providerId));
        if (stored) return stored;
      }
      return envKeyFor(provider.type, provider.baseUrl, env);
    },

    recordLatency(modelId, ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      const entry = state.snapshot.modelsById.get(modelId);
      if (!entry) return;
      const samples = latency.record(entry, state.latencySamples.get(modelId) ?? 0, ms);
      state.latencySamples.set(modelId, samples);
    },

    forgetSecret(account) {
      keyCache.delete(account);
    },

    recordHealth(providerId, report) {
      if (!state.snapshot.providers.has(providerId)) return;
      const message = report.message === null ? null : redactSecrets(report.message).slice(0, 1000);
      repos.health.record({
        providerId,
        status: report.notRunning ? 'not_running' : report.ok ? 'healthy' : 'unhealthy',
        at: new Date(now()).toISOString(),
        latencyMs: report.latencyMs === null ? null : Math.round(report.latencyMs),
        message,
      });
    },

    flush: () => latency.flush(),
    close() {
      latency.flush();
      listeners.clear();
    },
  };
}
