// The key for one attempt. A key store that cannot answer (a locked keychain) is not "no key": the
// attempt fails as `key_unavailable` and the next candidate, whose key may be readable, is tried.
import { UpstreamFailure } from '../../core/canonical';
import { redactSecrets } from '../../core/redact';
import type { Attempt } from './candidates';
import type { ProxyCall } from './proxy-call';

/** The key (read from memory; a read still in flight is waited for within the attempt's time), noted on the attempt so anything the provider echoes back is redacted. */
export async function readProviderKey(call: ProxyCall, providerId: string, attempt: Attempt): Promise<string | undefined> {
  let key: string | undefined;
  try {
    // a profile with its own key for this provider (when the request came) sends that key or none, and one without
    // sends the shared key: never the other in its place (its own removed, or the profile deleted, while the request
    // ran: a retry went out on the shared key; one added meanwhile went out billed as the shared key's)
    const own = call.profile.byokProviders.has(providerId);
    key = await call.deps.catalog.providerKey(providerId, own ? call.userId : undefined, attempt.budgetMs, own);
  } catch (err) {
    const why = redactSecrets(String((err as Error)?.message ?? err));
    throw new UpstreamFailure({ kind: 'key_unavailable', message: `the key for ${providerId} could not be read: ${why}` });
  }
  attempt.sentKeys.push(key);
  return key;
}

/** The profile whose own (BYOK) key a call to this provider sends; undefined when it sends the shared key. */
export function byokOwner(call: Pick<ProxyCall, 'profile'>, providerId: string): { id: string; name: string } | undefined {
  return call.profile.byokProviders.has(providerId) ? { id: call.profile.id, name: call.profile.name } : undefined;
}
