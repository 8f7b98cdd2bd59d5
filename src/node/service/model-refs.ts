// Lists that name models (fallback chains, aliases, preferred models): checked on the way in,
// and pruned in the same transaction when a model (or an alias) goes away, so a PUT of the whole object
// read back later never fails on a model the user already deleted.
import type { PrunedRefs } from '../../shared/provider-delete-types';
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

const NOTHING_PRUNED: PrunedRefs = { fallbacks_removed: [], fallbacks_shortened: [], aliases_removed: [], aliases_shortened: [], profiles: [] };

/** What pruning these models' names would remove or shorten; changes nothing (a deletion's confirm asks first). */
export function describeModelRefPruning(repos: Repositories, removedModelIds: readonly string[]): PrunedRefs {
  return pruneOrDescribe(repos, removedModelIds, undefined);
}

/** Call inside the transaction that deletes the models: what it removed or shortened. */
export function pruneModelRefs(repos: Repositories, removedModelIds: readonly string[], at: string): PrunedRefs {
  return pruneOrDescribe(repos, removedModelIds, at);
}

/** with `at`, saves the pruned lists (as of then); without, only says what pruning would do */
function pruneOrDescribe(repos: Repositories, removedModelIds: readonly string[], at: string | undefined): PrunedRefs {
  if (removedModelIds.length === 0) return NOTHING_PRUNED;
  const removed = new Set(removedModelIds);
  const before = repos.rules.get();
  const rules = pruneRules(before, removed);
  if (rules && at !== undefined) repos.rules.save(rules, at);
  const profiles = pruneProfileRefs(repos, removed, at !== undefined);
  if (!rules) return { ...NOTHING_PRUNED, profiles };
  const changes = (was: Record<string, string[]>, now: Record<string, string[]>) => {
    const names = Object.keys(was);
    return {
      removed: names.filter((n) => !Object.hasOwn(now, n)),
      shortened: names.filter((n) => Object.hasOwn(now, n) && now[n]!.length !== was[n]!.length),
    };
  };
  const fallbacks = changes(before.fallbacks, rules.fallbacks);
  const aliases = changes(before.aliases, rules.aliases);
  return {
    fallbacks_removed: fallbacks.removed, fallbacks_shortened: fallbacks.shortened,
    aliases_removed: aliases.removed, aliases_shortened: aliases.shortened, profiles,
  };
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

/**
 * Profiles' and BYOK entries' preferred models lose the names in `removed` (when `apply`): the names of the
 * profiles whose lists (would) lose some.
 */
function pruneProfileRefs(repos: Repositories, removed: ReadonlySet<string>, apply = true): string[] {
  const drop = (json: string): string | null => {
    const list = parseJson<string[]>(json, []);
    const kept = list.filter((m) => !removed.has(m));
    return kept.length === list.length ? null : JSON.stringify(kept);
  };
  const touched = new Set<string>();
  const users = repos.users.list();
  for (const u of users) {
    const next = drop(u.preferred_models);
    if (next === null) continue;
    touched.add(u.id);
    if (apply) repos.users.update({ ...u, preferred_models: next });
  }
  for (const b of repos.byok.list()) {
    const next = drop(b.preferred_models);
    if (next === null) continue;
    touched.add(b.user_id);
    if (apply) repos.byok.setPreferred(b.user_id, b.provider_id, next);
  }
  return users.filter((u) => touched.has(u.id)).map((u) => u.name);
}
