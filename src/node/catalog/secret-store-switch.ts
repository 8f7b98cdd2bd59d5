// The secret store in use is recorded in meta. Started with the other one since (SWITCHBOARD_ENCRYPTION_KEY
// set then, not now, or the reverse), this store may still hold keys that were replaced or deleted
// meanwhile in the other: those are removed here, so a revoked key never comes back. Nothing is
// moved between stores, and the other store is left alone (it is swept when it is next in use).
import { maskMatches } from '../../core/redact';
import type { Database } from '../db/migration';
import type { SecretStore } from '../secrets/secret-store';
import { repositoriesFor } from './repos/index';
import { providerAccount } from './secret-accounts';

const META_KEY = 'secret_store_kind';
const STORE_NAMES: Record<SecretStore['kind'], string> = { keychain: 'the OS keychain', 'encrypted-file': 'the encrypted secrets file' };

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function sweepAfterStoreSwitch(db: Database, secrets: SecretStore, log: (line: string) => void): Promise<void> {
  const repos = repositoriesFor(db);
  const before = repos.meta.get(META_KEY);
  if (before === secrets.kind) return;
  if (before === undefined) {
    repos.meta.set(META_KEY, secrets.kind);
    return;
  }
  const masks = new Map<string, string>();
  for (const p of repos.providers.list()) if (p.key_mask !== null) masks.set(providerAccount(p.id), p.key_mask);
  for (const b of repos.byok.list()) masks.set(b.secret_ref, b.key_mask);
  const previous = STORE_NAMES[before as SecretStore['kind']] ?? before;
  const removed: string[] = [];
  try {
    const accounts = new Set([...masks.keys(), ...(secrets.accounts ? await secrets.accounts() : [])]);
    for (const account of accounts) {
      const value = await secrets.get(account);
      if (value === null || maskMatches(value, masks.get(account))) continue;
      await secrets.delete(account);
      removed.push(account);
    }
  } catch (e) {
    // the sweep runs again at the next start; until then the mask check keeps an older key from being sent
    log(`secrets: ${previous} was in use at the last start; ${STORE_NAMES[secrets.kind]} could not be checked for keys replaced or deleted since (${errorText(e)})`);
    return;
  }
  repos.meta.set(META_KEY, secrets.kind);
  log(`secrets: ${previous} was in use at the last start, ${STORE_NAMES[secrets.kind]} now; keys stored only there are not used now (nothing was moved: set them again, or start as before)` +
    (removed.length > 0 ? `; ${removed.length} key(s) replaced or deleted meanwhile were removed from ${STORE_NAMES[secrets.kind]}: ${removed.join(', ')}` : ''));
}
