// A key belongs to the origin (scheme, host, port) it was stored for. Moving a provider elsewhere
// without its new key in the same change drops the stored key and every profile's own (BYOK) key for
// it, so no key can be made to travel to a listener by editing base_url (LiteLLM's CVE-2024-6587).
// Every path that can change a provider's base_url (the provider update and the config import) asks here.
import type { ByokRow, ProviderRow, Repositories } from '../catalog/repos/index';
import { providerAccount } from '../catalog/secret-accounts';
import type { SecretChange } from './secret-changes';
import { originOf } from '../../shared/url-origin';

/** The audit log's word for a key dropped this way. */
export const KEY_LEFT_BEHIND = 'removed: base_url moved to another origin';

export { originOf };

export interface KeysLeftBehind {
  /** the provider moves to another origin */
  moved: boolean;
  /** its stored key goes (the caller sets key_mask null), unless the change itself sets or removes it */
  dropsProviderKey: boolean;
  /** the profiles' own keys for it, all of which go */
  byok: ByokRow[];
  /** the secret store deletions for all of the above */
  changes: SecretChange[];
}

/** What moving `row` to `nextBaseUrl` takes away; `keyInChange`: the same change sets or removes the stored key itself. */
export function keysLeftBehind(repos: Repositories, row: ProviderRow, nextBaseUrl: string, keyInChange = false): KeysLeftBehind {
  const moved = originOf(nextBaseUrl) !== originOf(row.base_url);
  if (!moved) return { moved, dropsProviderKey: false, byok: [], changes: [] };
  const byok = repos.byok.listOfProvider(row.id);
  const dropsProviderKey = !keyInChange && row.key_mask !== null;
  const changes: SecretChange[] = dropsProviderKey ? [{ account: providerAccount(row.id), value: null }] : [];
  for (const b of byok) changes.push({ account: b.secret_ref, value: null });
  return { moved, dropsProviderKey, byok, changes };
}
