// Masks saved by the first rule (core/redact.ts legacyMaskKey) showed most of a short key:
// `token-abc123` as `token-...c123`. Each such row gets its key's mask by today's rule once the key
// can be read; one that cannot (a locked keychain) keeps its old mask, still matched, until a later start.
import { legacyMaskKey, maskKey } from '../../core/redact';
import type { Database } from '../db/migration';
import type { KeyRead } from './key-cache';
import { repositoriesFor } from './repos/index';
import { providerAccount } from './secret-accounts';

/** Rewrites the old-rule masks of keys that can be read. Returns how many rows changed; never throws. */
export async function upgradeLegacyMasks(db: Database, read: (account: string) => Promise<KeyRead>): Promise<number> {
  try {
    const repos = repositoriesFor(db);
    const rows: { account: string; mask: string; replace: (was: string, mask: string) => boolean }[] = [];
    for (const p of repos.providers.list()) {
      if (p.key_mask !== null) rows.push({ account: providerAccount(p.id), mask: p.key_mask, replace: (was, m) => repos.providers.replaceMask(p.id, was, m) });
    }
    for (const b of repos.byok.list()) rows.push({ account: b.secret_ref, mask: b.key_mask, replace: (was, m) => repos.byok.replaceMask(b.secret_ref, was, m) });
    let changed = 0;
    for (const row of rows) {
      const key = await read(row.account);
      if (key.kind !== 'found' || !db.open) continue;
      const now = maskKey(key.value);
      if (now !== row.mask && legacyMaskKey(key.value) === row.mask && row.replace(row.mask, now)) changed += 1;
    }
    return changed;
  } catch {
    // a database closed meanwhile (shutdown): the next start upgrades what is left
    return 0;
  }
}
