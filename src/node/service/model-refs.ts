// Lists that name models (fallback chains, aliases, preferred models): checked on the way in,
// and pruned in the same transaction when a model (or an alias) goes away, so a PUT of the whole object
// read back later never fails on a model the user already deleted.
import type { RoutingRules } from '../../shared/types';
import { ValidationError } from '../../shared/validate';
import { parseJson, type Repositories } from '../catalog/repos/index';

/** Every entry must be a model id or an alias. */
export function checkModelRefs(repos: Repositories, refs: readonly string[] | undefined, field: string): void {
  if (!refs || refs.length === 0) return;
  const ids = repos.models.ids();
  const aliases = repos.rules.get().aliases;
  refs.forEach((r, i) => {
    if (!ids.has(r) && !Object.hasOwn(aliases, r)) throw new ValidationError(`${field}[${i}]`, `${r} is neither a model id nor an alias`);
  });
}

/**
 * The rules without the names in `removed` (null when they name none of them). `removed` grows by the
 * aliases left with nothing, which go too.
 */
export function pruneRules(rules: RoutingRules, removed: Set<string>): RoutingRules | null {
  let changed = false;
  const aliases: Record<string, string[]> = { ...rules.aliases };
  // An alias left with nothing goes too, and may empty another alias in turn.
  for (let again = true; again; ) {
    again = false;
    for (const [name, chain] of Object.entries(aliases)) {
      const kept = chain.filter((m) => !removed.has(m));
      if (kept.length === chain.length) continue;
      changed = true;
      if (kept.length > 0) aliases[name] = kept;
      else {
        delete aliases[name];
        removed.add(name);
        again = true;
      }
    }
  }
  const fallbacks: Record<string, string[]> = {};
  for (const [from, chain] of Object.entries(rules.fallbacks)) {
    const kept = chain.filter((m) => !removed.has(m));
    if (removed.has(from) || kept.length === 0) {
      changed = true;
      continue;
    }
    if (kept.length !== chain.length) changed = true;
    fallbacks[from] = kept;
  }
  return changed ? { ...rules, aliases, fallbacks } : null;
}

/** Call inside the transaction that deletes the models. */
export function pruneModelRefs(repos: Repositories, removedModelIds: readonly string[], at: string): void {
  if (removedModelIds.length === 0) return;
  const removed = new Set(removedModelIds);
  const rules = pruneRules(repos.rules.get(), removed);
  if (rules) repos.rules.save(rules, at);
  pruneProfileRefs(repos, removed);
}

/**
 * Call inside the transaction that saves routing rules: the aliases `before` had and `after` has not
 * leave the profiles' preferred models (the rules' own lists were checked against `after` already).
 */
export function pruneRemovedAliases(repos: Repositories, before: RoutingRules, after: RoutingRules): void {
  const gone = Object.keys(before.aliases).filter((name) => !Object.hasOwn(after.aliases, name));
  if (gone.length === 0) return;
  const ids = repos.models.ids();
  pruneProfileRefs(repos, new Set(gone.filter((name) => !ids.has(name))));
}

/** Profiles' and BYOK entries' preferred models lose the names in `removed`. */
function pruneProfileRefs(repos: Repositories, removed: ReadonlySet<string>): void {
  const drop = (json: string): string | null => {
    const list = parseJson<string[]>(json, []);
    const kept = list.filter((m) => !removed.has(m));
    return kept.length === list.length ? null : JSON.stringify(kept);
  };
  for (const u of repos.users.list()) {
    const next = drop(u.preferred_models);
    if (next !== null) repos.users.update({ ...u, preferred_models: next });
  }
  for (const b of repos.byok.list()) {
    const next = drop(b.preferred_models);
    if (next !== null) repos.byok.setPreferred(b.user_id, b.provider_id, next);
  }
}
