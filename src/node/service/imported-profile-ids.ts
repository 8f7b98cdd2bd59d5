// A config import that creates a profile under a free id, its own being a deleted profile's (whose spend and
// usage are kept by that id; config-methods.ts freshIdsForUsedOnes), remembers which in meta, so importing the
// same file again updates that profile instead of adding one more each time (carol-2, carol-3, ...). An entry
// lasts as long as the profile it names: deleting that profile drops it (deleteUser), or a later profile given
// the same id (POST /users deriving carol-2 again for someone else) would be the one the old file updates.
import type { Repositories } from '../catalog/repos/index';
import { isJsonObject } from '../../core/json-object';

/** meta key: a document's profile id -> the id an import created that profile under */
const IMPORTED_PROFILE_IDS = 'imported_profile_ids';

/** A meta value holding a map of ids ({} when unset or unreadable). */
export function parseIdMap(json: string | undefined): Record<string, string> {
  if (json === undefined) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return isJsonObject(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

const stored = (repos: Repositories): Record<string, string> => parseIdMap(repos.meta.get(IMPORTED_PROFILE_IDS));

/**
 * The document's profile ids an earlier import created under another id, each with the profile it created,
 * while the document's id is no profile here (then that one is matched by id, as ever).
 */
export function profilesImportedAs(repos: Repositories): Map<string, string> {
  return new Map(Object.entries(stored(repos)).filter(([from, to]) => repos.users.get(from) === undefined && repos.users.get(to) !== undefined));
}

/** Run after an import wrote its profiles: adds its renames (document id, id created). */
export function rememberImportedAs(repos: Repositories, renamed: ReadonlyArray<[string, string]>): void {
  if (renamed.length === 0) return;
  const next = Object.entries({ ...stored(repos), ...Object.fromEntries(renamed) }).filter(([, to]) => repos.users.get(to) !== undefined);
  repos.meta.set(IMPORTED_PROFILE_IDS, JSON.stringify(Object.fromEntries(next)));
}

/** Drops the entries naming profile `id`: run in the transaction that deletes it. */
export function forgetImportedAs(repos: Repositories, id: string): void {
  const entries = Object.entries(stored(repos));
  const kept = entries.filter(([, to]) => to !== id);
  if (kept.length < entries.length) repos.meta.set(IMPORTED_PROFILE_IDS, JSON.stringify(Object.fromEntries(kept)));
}
