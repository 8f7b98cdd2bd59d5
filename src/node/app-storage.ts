// The data dir createApp (app.ts) runs on, opened: checked, locked, cleaned of what a crash left, its database
// migrated and re-priced from the bundled catalog, and the secret store its keys are in. On a failure nothing
// stays open or locked.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAppDatabase, removeLeftoverBackupTemps, type Database } from './db';
import { createSecretStore, SecretStoreError, type SecretStore } from './secrets';
import { lockDataDir } from './data-dir/data-dir-lock';
import { closeDataDirFiles } from './data-dir/owner-only';
import { loadBundledCatalog, refreshBundledPrices, repositoriesFor, type BundledCatalog } from './catalog';
import { sweepAfterStoreSwitch } from './catalog/secret-store-switch';
import { removeLeftoverSecretTemps } from './app-files';
import { checkDataDir } from './data-dir/check-data-dir';
import type { AppConfig } from './app-config';

/** the package's root (package.json, resources/) */
export const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface AppStorage {
  db: Database;
  dbFile: string;
  /** what openAppDatabase set aside as unreadable and replaced, if anything */
  replaced: ReturnType<typeof openAppDatabase>['replaced'];
  secrets: SecretStore;
  bundledCatalog: BundledCatalog | null;
  /** releases the data dir's lock (after the database is closed) */
  unlock: () => void;
}

/** The bundled table; the first start of a build with newer prices re-prices the models the user never edited. */
function applyBundledPrices(db: Database, catalogPath: string, log: (line: string) => void): BundledCatalog | null {
  if (!existsSync(catalogPath)) return null;
  const catalog = loadBundledCatalog(catalogPath);
  const repriced = refreshBundledPrices(db, catalog, new Date());
  if (repriced.length > 0) log(`catalog: bundled prices version ${catalog.prices_version} applied to ${repriced.length} model(s)`);
  return catalog;
}

export async function openStorage(
  config: AppConfig, env: Record<string, string | undefined>, log: (line: string) => void,
): Promise<AppStorage> {
  const catalogPath = config.catalogPath ?? join(APP_ROOT, 'resources/catalog.json');
  // refused here (named path, cause and fix) rather than failing later on every write
  checkDataDir(config.dataDir, { uid: typeof process.getuid === 'function' ? process.getuid() : undefined });
  // the tokens, keys and journal as the database: its owner's alone, even restored from a backup at 0644
  closeDataDirFiles(config.dataDir, { warn: log });
  // before anything reads the data dir: a second instance must not replay the first's usage journal
  const unlock = lockDataDir(config.dataDir);
  // locked: no other instance is between writing one and renaming it
  const leftovers = removeLeftoverSecretTemps(config.dataDir);
  if (leftovers.length > 0) log(`data dir: removed ${leftovers.join(', ')}, left by a write a crash cut short`);
  const backupTemps = removeLeftoverBackupTemps(config.dataDir);
  if (backupTemps.length > 0) log(`backups: removed ${backupTemps.join(', ')}, left by a backup a crash cut short`);

  const dbFile = join(config.dataDir, 'switchboard.db');
  let opened: ReturnType<typeof openAppDatabase>;
  try {
    opened = openAppDatabase(dbFile, {
      catalogPath: existsSync(catalogPath) ? catalogPath : null,
      ...(config.sqliteNativeBinding ? { nativeBinding: config.sqliteNativeBinding } : {}),
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const { db, replaced } = opened;
  let secrets: SecretStore;
  let bundledCatalog: BundledCatalog | null;
  try {
    bundledCatalog = applyBundledPrices(db, catalogPath, log);
    const installId = repositoriesFor(db).meta.installId();
    secrets = createSecretStore({ dataDir: config.dataDir, encryptionKey: env.SWITCHBOARD_ENCRYPTION_KEY, installId });
    // A key that cannot open an existing secrets file is refused up front (the file stays untouched),
    // rather than every keyed request failing later. A missing keychain is not: keyless local providers still serve.
    if (secrets.kind === 'encrypted-file') {
      const state = await secrets.status();
      if (!state.available) throw new SecretStoreError(state.message ?? 'the encrypted secrets file cannot be read');
    } else if (existsSync(join(config.dataDir, 'secrets.enc'))) {
      log(`secrets: ${join(config.dataDir, 'secrets.enc')} holds keys, but SWITCHBOARD_ENCRYPTION_KEY is not set: using the OS keychain, where those keys are not; set the variable to use them`);
    }
    await sweepAfterStoreSwitch(db, secrets, log);
  } catch (err) {
    db.close();
    unlock();
    throw err;
  }
  return { db, dbFile, replaced, secrets, bundledCatalog, unlock };
}
