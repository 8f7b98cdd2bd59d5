// A profile being deleted: its responses a Responses provider holds too are deleted there, as
// DELETE /v1/responses/{id} deletes one, each with the key it was made with there (the profile's own,
// removed with it, or the provider's shared one). The keys are found before the profile goes, for every provider it
// could have been answered on there (an answer may land while the delete waits on the secret store); what
// it held is read in the transaction that deletes it; the deletes run after it has gone, in the background
// (a slow provider does not hold the admin call), one at a time per provider and key. A provider failing to delete
// its copy is logged: here the ids are tombstones either way (ResponseStore.forgetProfile), so nothing
// continues them through Switchboard.
import { logSafe } from '../../core/log-safe';
import type { ProxyDeps } from './deps';
import type { HeldResponse } from '../responses/response-store';
import { askHolder, holderAt, providerIdOf, type Holder } from './responses-at-provider';

/**
 * The providers the profile's responses may be held at: those it has some there already, and every one
 * on OpenAI's format with a model on the Responses API (a request still running may be answered there).
 */
function providersToAsk(deps: ProxyDeps, userId: string): Set<string> {
  const ids = new Set(deps.responses.heldAtProviders(userId).map((r) => providerIdOf(r.modelId)));
  const snapshot = deps.catalog.snapshot();
  for (const m of snapshot.models) if (m.api === 'responses' && snapshot.providers.get(m.providerId)?.format === 'openai') ids.add(m.providerId);
  return ids;
}

/**
 * Call before the profile's keys are removed; run what it returns once the profile has gone, with the
 * responses it held at providers as it went (read in the transaction that deletes it).
 */
export async function forgetAtProviders(deps: ProxyDeps, userId: string): Promise<(held: readonly HeldResponse[]) => void> {
  const call = { deps, userId, signal: new AbortController().signal };
  const own = deps.catalog.profile(userId)?.byokProviders ?? new Set<string>();
  // provider id and key kind -> the holder with that key, or why it cannot be asked
  const holders = new Map<string, Holder | undefined>();
  const unreadable = new Map<string, string>();
  for (const providerId of providersToAsk(deps, userId)) {
    for (const ownKey of own.has(providerId) ? [true, false] : [false]) {
      try {
        holders.set(holderKey(providerId, ownKey), await holderAt(call, providerId, ownKey));
      } catch (err) {
        unreadable.set(holderKey(providerId, ownKey), logSafe((err as Error)?.message ?? err));
      }
    }
  }
  return (held) => {
    const byHolder = new Map<string, string[]>();
    for (const r of held) {
      const providerId = providerIdOf(r.modelId);
      // one kept before the key was recorded: the key the profile sent there as it went
      const k = holderKey(providerId, r.ownKey ?? own.has(providerId));
      byHolder.set(k, [...(byHolder.get(k) ?? []), r.id]);
    }
    for (const [k, ids] of byHolder) {
      const holder = holders.get(k);
      if (holder) void deleteAll(deps, call, holder, ids, userId);
      else if (unreadable.has(k)) deps.log(`responses: profile ${logSafe(userId)}'s responses at ${k.split(' ')[0]} stay there (${unreadable.get(k)})`);
    }
  };
}

const holderKey = (providerId: string, ownKey: boolean): string => `${providerId} ${ownKey ? 'own' : 'shared'}`;

async function deleteAll(deps: ProxyDeps, call: Parameters<typeof askHolder>[0], holder: Holder, ids: string[], userId: string): Promise<void> {
  const failed: string[] = [];
  for (const id of ids) {
    try {
      const answer = await askHolder(call, holder, id, 'DELETE');
      if (answer.status !== 200 && answer.status !== 404) failed.push(`${logSafe(id)} (HTTP ${answer.status})`);
    } catch (err) {
      failed.push(`${logSafe(id)} (${logSafe((err as Error)?.message ?? err)})`);
    }
  }
  if (failed.length > 0) {
    deps.log(`responses: deleted profile ${logSafe(userId)}'s responses not deleted at ${holder.providerId}, deleted here only: ${failed.join(', ')}`);
  }
}
