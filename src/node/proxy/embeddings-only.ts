// Names that route only to embeddings models: a chat, Messages or Responses request sent to one is refused by
// the router ("embeddings model"); the endpoints that answer without routing (the token counts, the Anthropic
// model list) refuse or leave them out the same way.
import { isEmbeddingsOnly, type CatalogSnapshot, type ProfileEntry } from '../../core/catalog';
import { REASON } from '../../core/routing/eligibility';
import { resolveRequestedName, RouteError } from '../../core/routing';
import { routeErrorToProxy } from './final-error';

/**
 * The models `name` routes to when every one of them serves embeddings alone; undefined when it is a power
 * level, when some model it routes to chats, or when it names no model (refused elsewhere as unknown).
 */
export function embeddingsOnlyChain(snapshot: CatalogSnapshot, profile: ProfileEntry, name: string): string[] | undefined {
  let resolved;
  try {
    resolved = resolveRequestedName(name, snapshot, profile.powerLevel, profile.byokProviders);
  } catch (err) {
    if (err instanceof RouteError) return undefined;
    throw err;
  }
  if (resolved.kind !== 'chain' || resolved.chain.length === 0) return undefined;
  const only = resolved.chain.every((id) => {
    const model = snapshot.modelsById.get(id);
    return model !== undefined && isEmbeddingsOnly(model);
  });
  return only ? resolved.chain : undefined;
}

/**
 * Refuses a request that would be routed (a token count of a Messages or Responses request) when the name routes
 * only to embeddings models: the 400 a generate request of it gets, in the same words ("no model can serve this
 * request (openai/text-embedding-3-small: embeddings model)").
 */
export function refuseEmbeddingsOnly(snapshot: CatalogSnapshot, profile: ProfileEntry, name: string): void {
  const chain = embeddingsOnlyChain(snapshot, profile, name);
  if (chain === undefined) return;
  const { kind, reason } = REASON.embeddingsModel;
  const shown = chain.slice(0, 5).map((id) => `${id}: ${reason}`).join('; ');
  const more = chain.length > 5 ? `; and ${chain.length - 5} more` : '';
  const excluded = chain.map((model) => ({ model, reason, kind }));
  throw routeErrorToProxy(new RouteError('no_candidate', `no model can serve this request (${shown}${more})`, excluded, [], true));
}
