// A key is sent only to the origin it was stored for: an edit that moves a provider's base URL elsewhere removes its
// stored key (unless a new one goes with it) and every profile's own key for it (node/service/key-origin.ts). The
// dialog says so before Save, and the toast after it names what went.
import type { Provider, ProviderKeysRemoved, ProviderUpdate } from '../../../shared/types';
import { originOf } from '../../../shared/url-origin';
import { DEFAULT_BASE_URLS } from './provider-defaults';

export interface KeysAtRisk {
  /** the stored key goes: the edit gives no new one */
  providerKey: boolean;
  /** profiles whose own key for it goes */
  profiles: number;
}

/** The base URL the server will store for this patch: an untouched default URL follows a new type. */
export function nextBaseUrl(p: Provider, patch: ProviderUpdate): string {
  if (patch.base_url !== undefined) return patch.base_url;
  return patch.type !== undefined && p.base_url === DEFAULT_BASE_URLS[p.type] ? DEFAULT_BASE_URLS[patch.type] : p.base_url;
}

/** What saving `patch` would remove because the provider moves to another origin; null: nothing. */
export function keysAtRisk(p: Provider, patch: ProviderUpdate): KeysAtRisk | null {
  if (originOf(nextBaseUrl(p, patch)) === originOf(p.base_url)) return null;
  const providerKey = p.key_source === 'stored' && patch.api_key === undefined;
  return providerKey || p.byok_keys > 0 ? { providerKey, profiles: p.byok_keys } : null;
}

const profileKeys = (n: number) => (n === 1 ? "1 profile's own key" : `${n} profiles' own keys`);

function listed(providerKey: boolean, profiles: number, key: string): string {
  const parts = [...(providerKey ? [key] : []), ...(profiles > 0 ? [`${profileKeys(profiles)} for it`] : [])];
  return parts.join(' and ');
}

export function keysAtRiskMessage(risk: KeysAtRisk): string {
  const what = listed(risk.providerKey, risk.profiles, 'the stored key');
  const after = risk.providerKey ? ' Paste the key again to keep it.' : ` Add ${risk.profiles === 1 ? 'it' : 'them'} again on the BYOK tab.`;
  return `This base URL is another origin, and keys go only where they were stored for: ${what} will be removed on save.${after}`;
}

/** The toast's account of an update's removals; empty when it removed none. */
export function keysRemovedNote(removed: ProviderKeysRemoved): string {
  if (!removed.provider_key && removed.profiles.length === 0) return '';
  return `; removed ${listed(removed.provider_key, removed.profiles.length, 'its stored key')}`;
}
