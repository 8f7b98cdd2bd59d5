// Every table's repository over one connection, statements prepared once per connection.
import type { Database } from '../../db/migration';
import { createAuditRepo } from './audit-repo';
import { createByokRepo } from './byok-repo';
import { createHealthRepo } from './health-repo';
import { createMetaRepo } from './meta-repo';
import { createModelsRepo } from './models-repo';
import { createProvidersRepo } from './providers-repo';
import { createRulesRepo } from './rules-repo';
import { createSettingsRepo } from './settings-repo';
import { createUsersRepo } from './users-repo';

export function createRepositories(db: Database) {
  return {
    meta: createMetaRepo(db),
    providers: createProvidersRepo(db),
    models: createModelsRepo(db),
    users: createUsersRepo(db),
    byok: createByokRepo(db),
    health: createHealthRepo(db),
    rules: createRulesRepo(db),
    settings: createSettingsRepo(db),
    audit: createAuditRepo(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

const byDb = new WeakMap<Database, Repositories>();

/** The one set of repositories for this connection (the catalog store and the service share it). */
export function repositoriesFor(db: Database): Repositories {
  let repos = byDb.get(db);
  if (!repos) {
    repos = createRepositories(db);
    byDb.set(db, repos);
  }
  return repos;
}

export type * from './rows';
export { toFlag, parseJson } from './rows';
