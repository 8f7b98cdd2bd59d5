// The catalog as the proxy and router see it: an in-memory snapshot rebuilt on every admin change,
// token and key lookups that stay off SQLite and the keychain on the hot path.
import { hash, timingSafeEqual } from 'node:crypto';
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { KeyUnavailableError } from '../../core/key-unavailable';
import { maskMatches, redactSecrets } from '../../core/redact';
import type { Database } from '../db/migration';
import { envKeyFor, type Env } from '../secrets/env-keys';
import type { SecretStore } from '../secrets/secret-store';
import { buildCatalogState, byokKey, type CatalogState, type TokenIndexEntry } from './build-snapshot';
import { KeyCache } from './key-cache';
import { LatencyRecorder } from './latency-recorder';
import { upgradeLegacyMasks } from './mask-upgrade';
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
  /** a token resolveToken refused was one of a profile's, now revoked (asked on the 401 path only) */
  isRevokedToken(raw: string): boolean;
  /**
   * The key to call the provider with (this profile's own, else the stored one, else the
   * environment's), from memory. A read still in flight is waited for at most `waitMs`. Throws
   * KeyUnavailableError when a stored key exists but cannot be read. `ownOnly`: the profile's own key
   * or KeyUnavailableError, never another.
   */
  providerKey(providerId: string, userId?: string, waitMs?: number, ownOnly?: boolean): Promise<string | undefined>;
  recordLatency(modelId: string, ms: number): void;
  /** every provider key Switchboard holds now: stored, BYOK and the environment's (for redaction only) */
  heldKeys(): string[];
  recordHealth(providerId: string, report: HealthReport): void;
  /**
   * The provider's stored health is unhealthy or not running, whoever recorded it (a connection test, an idle
   * check, a probe, traffic): from memory, a mirror of provider_health that recordHealth keeps.
   */
  storedUnhealthy(providerId: string): boolean;
  /** why stored keys cannot be read from the secret store (a locked keychain), or null */
  keysUnreadable(): string | null;
  /** a secret-store account was written or deleted: read it again (keys stay cached across other changes) */
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
  /** stored keys became unreadable (the reason), or readable again (null) */
  onKeysUnreadable?: (reason: string | null) => void;
  /** a failed key read is tried again after this long (default 15 s) */
  keyRetryMs?: number;
}

/** Every secret-store account the catalog refers to: stored provider keys and BYOK keys. */
function secretAccounts(state: CatalogState): Set<string> {
  return new Set([...[...state.storedKeys].map(providerAccount), ...state.byokRefs.values()]);
}

const STORE_NAMES: Record<SecretStore['kind'], string> = { keychain: 'the OS keychain', 'encrypted-file': 'the encrypted secrets file' };

export function createCatalogStore(opts: CatalogStoreOptions): CatalogStore {
  const { db, secrets, env } = opts;
  const now = opts.now ?? Date.now;
  const touchEveryMs = opts.tokenTouchIntervalMs ?? 60_000;
  const repos = repositoriesFor(db);
  const latency = new LatencyRecorder(db, repos.models, opts.latencyFlushMs ?? 5_000, now());
  const listeners = new Set<(s: CatalogSnapshot) => void>();
  const lastTouched = new Map<string, number>();
  const keys = new KeyCache(secrets, now, opts.keyRetryMs ?? 15_000, opts.onKeysUnreadable);
  let version = 1;
  let state: CatalogState = buildCatalogState(repos, env, version);
  // tokens resolveToken accepted under this state: a live token skips its SHA-256 (about 1% of a request's
  // CPU). Emptied with the state it was checked against, so a revoked or deleted token is refused at once.
  let accepted = new Map<string, TokenIndexEntry>();
  // the proxy asks it on every success (traffic-health.ts): read from SQLite at start and on admin changes (a
  // deleted provider's row goes with it), then kept by recordHealth, the one writer of provider_health
  const unhealthy = new Set<string>();
  const loadUnhealthy = (): void => {
    unhealthy.clear();
    for (const h of repos.health.list()) if (h.status !== 'healthy') unhealthy.add(h.provider_id);
  };
  loadUnhealthy();
  keys.track(secretAccounts(state));
  // masks saved by the first rule (most of a short key) are recomputed once their keys are read
  void upgradeLegacyMasks(db, (account) => keys.get(account)).then((changed) => {
    if (changed > 0 && db.open) refresh();
  });

  function refresh(): void {
    latency.flush();
    version += 1;
    state = buildCatalogState(repos, env, version);
    accepted = new Map();
    loadUnhealthy();
    keys.track(secretAccounts(state));
    for (const fn of listeners) fn(state.snapshot);
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
      let hit = accepted.get(raw);
      if (hit === undefined) {
        // one-shot hashing is ~8x cheaper than createHash() on this per-request path
        const hex = hash('sha256', raw, 'hex');
        hit = state.tokens.get(hex);
        if (!hit || !timingSafeEqual(Buffer.from(hex, 'hex'), hit.hash)) return null;
        // only live tokens, so the map holds at most one entry per token the profiles own
        accepted.set(raw, hit);
      }
      touchToken(hit.tokenId);
      return { userId: hit.userId, tokenId: hit.tokenId };
    },

    isRevokedToken(raw) {
      if (typeof raw !== 'string' || raw.length === 0 || raw.length > 512) return false;
      return state.revokedTokens.has(hash('sha256', raw, 'hex'));
    },

    async providerKey(providerId, userId, waitMs, ownOnly) {
      const provider = state.snapshot.providers.get(providerId);
      if (!provider) return undefined;
      const own = userId === undefined ? undefined : state.byokRefs.get(byokKey(userId, providerId));
      const stored = state.storedKeys.has(providerId) ? providerAccount(providerId) : undefined;
      if (ownOnly && own === undefined) throw new KeyUnavailableError(providerId, 'this profile has no own (BYOK) key for it now');
      let missing: string | undefined;
      for (const account of ownOnly ? [own] : [own, stored]) {
        if (account === undefined) continue;
        const read = await keys.get(account, waitMs);
        // a value of another mask than the one saved is an older key (left in this store while the other
        // one was in use, then replaced or deleted there): never sent, as if missing
        if (read.kind === 'found' && maskMatches(read.value, state.keyMasks.get(account))) return read.value;
        if (read.kind === 'unavailable') throw new KeyUnavailableError(providerId, read.reason);
        missing ??= account;
      }
      if (ownOnly) throw new KeyUnavailableError(providerId, `its stored profile (BYOK) key is not in ${STORE_NAMES[secrets.kind]}, or only an older one is; set the key again`);
      const fromEnv = envKeyFor(provider.type, provider.baseUrl, env);
      // the database says a key was stored, the store has none (most often it was stored in the other
      // store: SWITCHBOARD_ENCRYPTION_KEY set then, not now, or the reverse) and the environment has none
      // either: never send the request keyless
      if (fromEnv === undefined && missing !== undefined) {
        throw new KeyUnavailableError(providerId, `its stored ${missing === own ? 'profile (BYOK) ' : ''}key is not in ${STORE_NAMES[secrets.kind]}` +
          ' (was it stored with SWITCHBOARD_ENCRYPTION_KEY set differently?), or only an older one is; set the key again');
      }
      return fromEnv;
    },

    recordLatency(modelId, ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      const entry = state.snapshot.modelsById.get(modelId);
      if (!entry) return;
      const t = now();
      const samples = latency.record(entry, state.latencySamples.get(modelId) ?? 0, ms, state.snapshot.models, t);
      state.latencySamples.set(modelId, samples);
      latency.decayStale(state.snapshot.models, state.latencySamples, t);
    },

    heldKeys() {
      const held = keys.found();
      for (const p of state.snapshot.providers.values()) {
        const fromEnv = envKeyFor(p.type, p.baseUrl, env);
        if (fromEnv !== undefined) held.push(fromEnv);
      }
      return held;
    },

    keysUnreadable: () => keys.unreadable(),

    forgetSecret(account) {
      keys.reload(account);
    },

    recordHealth(providerId, report) {
      if (!state.snapshot.providers.has(providerId)) return;
      const message = report.message === null ? null : redactSecrets(report.message).slice(0, 1000);
      const status = report.notRunning ? 'not_running' : report.ok ? 'healthy' : 'unhealthy';
      repos.health.record({
        providerId,
        status,
        at: new Date(now()).toISOString(),
        latencyMs: report.latencyMs === null ? null : Math.round(report.latencyMs),
        message,
      });
      // after the write: one that threw left the row, and so the mirror, as it was
      if (status === 'healthy') unhealthy.delete(providerId);
      else unhealthy.add(providerId);
    },

    storedUnhealthy: (providerId) => unhealthy.has(providerId),

    flush: () => latency.flush(),
    close() {
      latency.flush();
      listeners.clear();
    },
  };
}
