// GET /v1/models/{id} and Gemini's GET /v1beta/models/{model}: a name the list does not hold that a request may
// still send, as routing resolves it. One lookup for both routes; each words a miss in its own API's shape.
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { resolveRequestedName, RouteError } from '../../core/routing';
import type { PowerLevel } from '../../shared/types';

/** What an unlisted name stands for: a power level (a routing name's alias, a Gemini CLI name), or a model that can serve. */
export type UnlistedModel = { kind: 'level'; level: PowerLevel } | { kind: 'model'; modelId: string };

/**
 * A name the list does not hold, as routing resolves it: a bare name several providers carry of which one is
 * set up, a dated or `:latest` one, a name routed at the profile's level. Else the RouteError saying why (an
 * ambiguous name, dated or not, lists the ids to send; an unknown one names what to send), for the caller to word
 * in its API's shape; undefined for a name that resolves to a model the list leaves out (disabled, or its provider).
 */
export function resolveUnlisted(snapshot: CatalogSnapshot, profile: Pick<ProfileEntry, 'powerLevel' | 'byokProviders'>, name: string): UnlistedModel | RouteError | undefined {
  try {
    const resolved = resolveRequestedName(name, snapshot, profile.powerLevel, profile.byokProviders);
    if (resolved.kind === 'level') return { kind: 'level', level: resolved.level };
    const model = resolved.named === undefined ? undefined : snapshot.modelsById.get(resolved.named);
    return model && model.enabled && snapshot.providers.get(model.providerId)?.enabled === true ? { kind: 'model', modelId: model.id } : undefined;
  } catch (err) {
    if (err instanceof RouteError) return err;
    throw err;
  }
}
