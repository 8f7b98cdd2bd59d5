// What every admin-service method works with. The lead builds one per app (createServiceContext).
import type { Database } from '../db/migration';
import type { HeldResponse } from '../responses/response-store';
import type { CatalogStore } from '../catalog/catalog-store';
import type { SecretStore } from '../secrets/secret-store';
import type { Env } from '../secrets/env-keys';
import { repositoriesFor } from '../catalog/repos/index';
import { redactSecrets } from '../../core/redact';

export interface ServiceContext {
  db: Database;
  secrets: SecretStore;
  catalog: CatalogStore;
  env: Env;
  dataDir: string;
  now(): Date;
  /** one audit_log row; detail must hold no secret (api_key fields are dropped regardless) */
  audit(action: string, subject: string, detail?: Record<string, unknown>): void;
  /**
   * Runs admin writes one at a time: a write spans an await on the secret store, and two of
   * them interleaving could leave a key and its row disagreeing.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** why a provider base_url must not be stored (SSRF: metadata addresses, a loop back to us), or null */
  baseUrlProblem(url: string): string | null;
  /** a provider was added, got a new key or moved: its connection is worth testing now (runs after the write) */
  providerChanged(providerId: string): void;
  /** a profile's own key for a provider was set or removed (runs after the write) */
  byokChanged(profileId: string, providerId: string): void;
  /** a provider was deleted (runs after the write): what was known of it must not pass to a new one of the same id */
  providerDeleted(providerId: string): void;
  /** a model was switched on again, or deleted (runs after the write): how it failed before says nothing of it now */
  modelChanged(modelId: string): void;
  /**
   * a profile is about to be deleted: the keys it could reach its stored responses at providers with are
   * found now, while they are still stored; what it returns deletes there the ones it held as it went (read
   * in the transaction that deletes it), run once the profile has gone
   */
  profileLeaving(profileId: string): Promise<(held: readonly HeldResponse[]) => void>;
}

export interface ServiceContextOptions {
  db: Database;
  secrets: SecretStore;
  catalog: CatalogStore;
  env: Env;
  dataDir: string;
  now?: () => Date;
  /** the upstream client's URL check; absent allows every URL the validators allow */
  baseUrlProblem?: (url: string) => string | null;
  /** see ServiceContext.providerChanged; absent: nothing happens */
  providerChanged?: (providerId: string) => void;
  /** see ServiceContext.byokChanged; absent: nothing happens */
  byokChanged?: (profileId: string, providerId: string) => void;
  /** see ServiceContext.providerDeleted; absent: nothing happens */
  providerDeleted?: (providerId: string) => void;
  /** see ServiceContext.modelChanged; absent: nothing happens */
  modelChanged?: (modelId: string) => void;
  /** see ServiceContext.profileLeaving; absent: nothing happens */
  profileLeaving?: (profileId: string) => Promise<(held: readonly HeldResponse[]) => void>;
}

const SECRET_FIELD = /(?:^|_)(?:key|token|secret|password)$/i;

/** The store the admin methods write through: each write also drops the catalog's cached copy of that key. */
function invalidatingStore(store: SecretStore, catalog: Pick<CatalogStore, 'forgetSecret'>): SecretStore {
  return {
    kind: store.kind,
    get: (account) => store.get(account),
    status: () => store.status(),
    async set(account, value) {
      try {
        await store.set(account, value);
      } finally {
        catalog.forgetSecret(account);
      }
    },
    async delete(account) {
      try {
        await store.delete(account);
      } finally {
        catalog.forgetSecret(account);
      }
    },
  };
}

export function createServiceContext(opts: ServiceContextOptions): ServiceContext {
  const now = opts.now ?? (() => new Date());
  const audit = repositoriesFor(opts.db).audit;
  let tail: Promise<unknown> = Promise.resolve();
  return {
    ...opts,
    secrets: invalidatingStore(opts.secrets, opts.catalog),
    now,
    baseUrlProblem: opts.baseUrlProblem ?? (() => null),
    providerChanged: opts.providerChanged ?? (() => undefined),
    byokChanged: opts.byokChanged ?? (() => undefined),
    providerDeleted: opts.providerDeleted ?? (() => undefined),
    modelChanged: opts.modelChanged ?? (() => undefined),
    profileLeaving: opts.profileLeaving ?? (async () => () => undefined),
    audit(action, subject, detail) {
      const clean = detail === undefined
        ? null
        : redactSecrets(JSON.stringify(detail, (k, v: unknown) => (SECRET_FIELD.test(k) && typeof v === 'string' ? undefined : v)));
      audit.insert(now().toISOString(), action, subject, clean);
    },
    exclusive<T>(fn: () => Promise<T>): Promise<T> {
      const run = tail.then(fn, fn);
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
