// A profile being deleted: its responses a Responses provider holds too are deleted there, as
// DELETE /v1/responses/{id} deletes one, with the key the profile's requests carried there (its own,
// removed with it, or the provider's). The keys are found before the profile goes; the deletes run
// after it has gone, in the background (a slow provider does not hold the admin call), one at a time per
// provider. A provider failing to delete its copy is logged: here the ids are tombstones either way
// (ResponseStore.forgetProfile), so nothing continues them through Switchboard.
import { logSafe } from '../../core/log-safe';
import type { ProxyDeps } from './deps';
import { askHolder, holderOf, providerIdOf, type Holder } from './responses-at-provider';

/** Call before the profile's keys are removed; run what it returns once the profile has gone. */
export async function forgetAtProviders(deps: ProxyDeps, userId: string): Promise<() => void> {
  const held = deps.responses.heldAtProviders(userId);
  const call = { deps, userId, signal: new AbortController().signal };
  const byProvider = new Map<string, { holder: Holder | undefined; ids: string[] }>();
  for (const r of held) {
    const providerId = providerIdOf(r.modelId);
    let group = byProvider.get(providerId);
    if (!group) {
      let holder: Holder | undefined;
      try {
        holder = await holderOf(call, r);
      } catch (err) {
        deps.log(`responses: profile ${logSafe(userId)}'s responses at ${providerId} stay there (its key could not be read: ${logSafe((err as Error)?.message ?? err)})`);
      }
      group = { holder, ids: [] };
      byProvider.set(providerId, group);
    }
    group.ids.push(r.id);
  }
  return () => {
    for (const { holder, ids } of byProvider.values()) if (holder) void deleteAll(deps, call, holder, ids, userId);
  };
}

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
