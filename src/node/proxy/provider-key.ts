// The key for one attempt. A key store that cannot answer (a locked keychain) is not "no key": the
// attempt fails as `key_unavailable` and the next candidate, whose key may be readable, is tried.
import { UpstreamFailure } from '../../core/canonical';
import { redactSecrets } from '../../core/redact';
import type { Attempt } from './candidates';
import type { ProxyCall } from './proxy-call';

/** The key, noted on the attempt so anything the provider echoes back is redacted. */
export async function readProviderKey(call: ProxyCall, providerId: string, attempt: Attempt): Promise<string | undefined> {
  const key = await readWithin(call, providerId, attempt.budgetMs);
  attempt.sentKeys.push(key);
  return key;
}

async function readWithin(call: ProxyCall, providerId: string, budgetMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the key store within ${budgetMs} ms`)), budgetMs);
  });
  try {
    return await Promise.race([call.deps.catalog.providerKey(providerId, call.userId), timeout]);
  } catch (err) {
    const why = redactSecrets(String((err as Error)?.message ?? err));
    throw new UpstreamFailure({ kind: 'key_unavailable', message: `the key for ${providerId} could not be read: ${why}` });
  } finally {
    clearTimeout(timer);
  }
}
