// A real service stack on a temp dir: SQLite, the encrypted-file secret store, the catalog store.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AdminService } from '../../src/shared/contract';
import { AdminError } from '../../src/shared/contract';
import { openDatabase, type Database } from '../../src/node/db/index';
import { EncryptedFileStore, SecretStoreUnavailableError, type SecretStore } from '../../src/node/secrets/index';
import { createCatalogStore, type CatalogStore } from '../../src/node/catalog/index';
import { createServiceContext, type ServiceContext } from '../../src/node/service/context';
import { createProviderMethods } from '../../src/node/service/provider-methods';
import { createModelMethods } from '../../src/node/service/model-methods';
import { createUserMethods } from '../../src/node/service/user-methods';
import { createByokMethods } from '../../src/node/service/byok-methods';
import { createRoutingRulesMethods } from '../../src/node/service/routing-rules-methods';
import { createSettingsMethods } from '../../src/node/service/settings-methods';
import { createAuditMethods } from '../../src/node/service/audit-methods';
import { makeTempDir, writeFixtureCatalog, type TempDir } from './db-fixtures';

export type CrudService = Pick<AdminService,
  | 'listProviders' | 'createProvider' | 'updateProvider' | 'deleteProvider'
  | 'listModels' | 'createModel' | 'updateModel' | 'deleteModel'
  | 'listUsers' | 'createUser' | 'updateUser' | 'deleteUser' | 'issueToken' | 'revokeToken'
  | 'setByok' | 'listByok' | 'deleteByok' | 'getRoutingRules' | 'updateRoutingRules'
  | 'getSettings' | 'updateSettings' | 'listAudit'>;

/** Fault injection around a real store: the next N writes fail as an unreachable keychain would. */
export class FlakySecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  failWrites = 0;
  /** writes allowed to succeed before `failWrites` kicks in */
  okWritesFirst = 0;
  constructor(private readonly inner: SecretStore) {}
  /** reads that reached the store (the catalog caches keys in front of it) */
  reads = 0;
  get(account: string) { this.reads += 1; return this.inner.get(account); }
  async set(account: string, value: string) { this.trip(); return this.inner.set(account, value); }
  async delete(account: string) { this.trip(); return this.inner.delete(account); }
  status() { return this.inner.status(); }
  private trip() {
    if (this.okWritesFirst > 0) {
      this.okWritesFirst -= 1;
      return;
    }
    if (this.failWrites > 0) {
      this.failWrites -= 1;
      throw new SecretStoreUnavailableError('injected failure');
    }
  }
}

export interface Harness {
  tmp: TempDir;
  db: Database;
  dbFile: string;
  secrets: FlakySecretStore;
  fileStore: EncryptedFileStore;
  catalog: CatalogStore;
  ctx: ServiceContext;
  service: CrudService;
  env: Record<string, string | undefined>;
  /** the profile/provider pairs whose own key was set or removed (ctx.byokChanged), in order */
  byokChanges: string[];
  /** every table's rows plus the secrets file, to prove a refused change changed nothing */
  state(): string;
  /** every table's rows only */
  rows(): string;
  /** the database file and its WAL, as bytes */
  dbBytes(): Buffer;
  close(): void;
}

export function createHarness(env: Record<string, string | undefined> = {}): Harness {
  const tmp = makeTempDir();
  const dbFile = tmp.path('switchboard.db');
  const db = openDatabase(dbFile, { catalogPath: writeFixtureCatalog(tmp.dir) });
  const fileStore = new EncryptedFileStore({ file: tmp.path('secrets.enc'), key: randomBytes(32) });
  const secrets = new FlakySecretStore(fileStore);
  const catalog = createCatalogStore({ db, secrets, env, latencyFlushMs: 20 });
  let clock = Date.parse('2026-02-01T10:00:00Z');
  const byokChanges: string[] = [];
  const ctx = createServiceContext({
    db, secrets, catalog, env, dataDir: tmp.dir, now: () => new Date((clock += 1000)),
    byokChanged: (profileId, providerId) => byokChanges.push(`${profileId}/${providerId}`),
  });
  const service: CrudService = {
    ...createProviderMethods(ctx),
    ...createModelMethods(ctx),
    // no usage recorder here: no draw waits for a flush
    ...createUserMethods(ctx, { flush: () => {} }),
    ...createByokMethods(ctx),
    ...createRoutingRulesMethods(ctx),
    ...createSettingsMethods(ctx),
    ...createAuditMethods(ctx),
  };
  const tableNames = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return {
    tmp, db, dbFile, secrets, fileStore, catalog, ctx, service, env, byokChanges,
    rows() {
      return JSON.stringify(Object.fromEntries(tableNames.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()])));
    },
    state() {
      const tables = Object.fromEntries(tableNames.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()]));
      const secretsFile = existsSync(fileStore.file) ? readFileSync(fileStore.file, 'base64') : null;
      return JSON.stringify({ tables, secretsFile });
    },
    dbBytes() {
      const parts = [dbFile, `${dbFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
      return Buffer.concat(parts);
    },
    close() {
      catalog.close();
      db.close();
      tmp.cleanup();
    },
  };
}

/** Runs a call that must fail with an AdminError; returns {status, field}. */
export async function refusal(call: Promise<unknown>): Promise<{ status: number; field: string | undefined; message: string }> {
  try {
    await call;
  } catch (e) {
    if (e instanceof AdminError) return { status: e.status, field: e.field, message: e.message };
    throw e;
  }
  throw new Error('expected the call to fail');
}
