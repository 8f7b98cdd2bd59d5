// GET/POST /api/v1/llm/config: the whole setup (providers, models, routing rules, profiles) as one JSON
// document. An import is checked whole, then written in one transaction: all of it or nothing. Providers,
// models and profiles are matched by id (updated when they exist, created when not); nothing is deleted,
// and keys, tokens and BYOK entries stay as they are, except that a provider whose base_url moves to
// another origin loses its keys, as in an update (key-origin.ts).
import type { AdminService } from '../../shared/contract';
import type { ConfigImportCounts, ConfigImportResult } from '../../shared/config-types';
import { repositoriesFor, toFlag, type ModelRow, type ProviderRow, type UserRow } from '../catalog/repos/index';
import { priceColumns, priceDate, pricesOfRow, samePrices } from '../catalog/model-prices';
import type { ModelPrices } from '../../shared/types';
import type { ServiceContext } from './context';
import { checkConfig, exportConfig, type BundledTable, type CheckedConfig } from './config-document';
import type { UsageRecorder } from '../usage/recorder';
import { withAdminErrors } from './errors';
import { KEY_LEFT_BEHIND, keysLeftBehind, originOf, type KeysLeftBehind } from './key-origin';
import { forgetLocalPrices, freeLocalPrices } from './local-prices';
import { withSecretChanges } from './secret-changes';
import { maskKey } from '../../core/redact';
import { usdDecimal } from '../../shared/money';
import { providerAccount } from '../catalog/secret-accounts';
import { DEFAULT_PROFILE_ID } from './user-methods';
import { freeId, profileUsageCheck } from './profile-ids';
import { PROVIDER_TYPE_INFO } from '../../shared/provider-types';
import { parseIdMap, profilesImportedAs, rememberImportedAs } from './imported-profile-ids';

type ConfigMethods = Pick<AdminService, 'exportConfig' | 'importConfig'>;

/** table: the bundled price table, for the models a document says follow it */
/**
 * `usage`: the recorder whose queued rows draw on the credit balances: flushed before a balance is exported (so
 * it holds the draws of requests already answered) and before an import writes one (which they would otherwise
 * be taken off afterwards, as a balance set by hand: user-methods.ts).
 */
export function createConfigMethods(ctx: ServiceContext, table: BundledTable, usage: Pick<UsageRecorder, 'flush'>): ConfigMethods {
  const repos = repositoriesFor(ctx.db);
  const hadUsage = profileUsageCheck(ctx.db);
  return withAdminErrors<ConfigMethods>({
    async exportConfig() {
      usage.flush();
      return exportConfig(repos, ctx.now(), table.version);
    },

    importConfig: (input) => ctx.exclusive(async () => {
      const checked = checkConfig(input, repos, (u) => ctx.baseUrlProblem(u), table, profilesImportedAs(repos));
      const at = ctx.now().toISOString();
      // an imported base_url on another origin leaves the provider's keys behind, as an update does
      const moves = new Map<string, KeysLeftBehind>();
      for (const p of checked.providers) {
        const old = repos.providers.get(p.id);
        const left = old ? keysLeftBehind(repos, old, p.base_url) : undefined;
        if (left?.moved && left.changes.length > 0) moves.set(p.id, left);
      }
      const before = new Map(checked.providers.map((p) => [p.id, repos.providers.get(p.id)]));
      const modelIds = checked.models.map((m) => `${m.provider_id}/${m.model_name}`);
      const wasOn = new Map(modelIds.map((id) => [id, repos.models.get(id)?.enabled]));
      const found = checked.salvaged ? await keysStillStored(checked, moves) : new Map<string, string>();
      const result = await withSecretChanges(ctx.secrets, [...moves.values()].flatMap((m) => m.changes), () => {
        // nothing runs between this flush and the write (no await): no queued draw lands on an imported balance
        usage.flush();
        return ctx.db.transaction(() => {
          const renamed = freshIdsForUsedOnes(checked);
          const r = write(checked, at, moves, found, renamed);
          ctx.audit('config.import', 'config', {
            providers: r.providers, models: r.models, profiles: r.profiles,
            // what the import did per id: the fields it changed in an existing one, and the ones it created
            changed: checked.changed, created: checked.created,
            ...(found.size === 0 ? {} : { keys_used_again: [...found.keys()] }),
          });
          return r;
        })();
      });
      ctx.catalog.refresh();
      // as after an edit: a provider new, at a new address, switched on or with its key back forgets what it
      // refused before and is tested now, not at the next idle check
      for (const p of checked.providers) {
        const old = before.get(p.id);
        if (p.enabled && (old === undefined || old.base_url !== p.base_url || old.enabled === 0 || found.has(p.id))) ctx.providerChanged(p.id);
      }
      // as after an edit: a model switched on again, or added back, is tried at once, not after its old cooldown
      checked.models.forEach((m, i) => {
        const id = modelIds[i]!;
        if (m.enabled && wasOn.get(id) !== 1) ctx.modelChanged(id);
      });
      return result;
    }),
  });

  /**
   * A damaged database was replaced by a fresh one that kept its install id, so the keys stored for its
   * providers are still in the secret store (filed by install id and provider id) but no row says so.
   * Importing what was salvaged gives each such provider its key_mask back, and with it the key. Only for
   * that document: its base_url is the one the key was stored for (key-origin.ts).
   */
  async function keysStillStored(c: CheckedConfig, moves: ReadonlyMap<string, KeysLeftBehind>): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    // recorded when the damaged database was set aside: the document says where a provider is, not where
    // its key was stored for, and anyone can write a document
    const origins = parseIdMap(repos.meta.get(SALVAGED_KEY_ORIGINS));
    for (const p of c.providers) {
      if (moves.has(p.id) || (repos.providers.get(p.id)?.key_mask ?? null) !== null) continue;
      if (origins[p.id] === undefined || origins[p.id] !== originOf(p.base_url)) continue;
      try {
        const key = await ctx.secrets.get(providerAccount(p.id));
        if (key !== null) found.set(p.id, maskKey(key));
      } catch {
        // a store that cannot be read now (a locked keychain): the key stays unused until it is added again
      }
    }
    return found;
  }

  /**
   * A profile the document creates under the id of a deleted one (whose spend and usage are kept by that id) is
   * created under a free id instead, or it would start with the deleted one's month spent; the result's notes
   * say so, and the install remembers it (imported-profile-ids.ts). Profiles that exist are matched by id as ever.
   * Returns each such id and the one it was given.
   */
  function freshIdsForUsedOnes(c: CheckedConfig): Array<[string, string]> {
    const renamed: Array<[string, string]> = [];
    const inDocument = new Set(c.profiles.map((u) => u.id));
    const given = new Set<string>();
    const taken = (id: string) => inDocument.has(id) || given.has(id) || repos.users.get(id) !== undefined || hadUsage(id);
    c.profiles = c.profiles.map((u) => {
      if (!c.created.profiles.includes(u.id) || !hadUsage(u.id)) return u;
      const id = freeId(u.id, taken);
      given.add(id);
      renamed.push([u.id, id]);
      return { ...u, id };
    });
    const to = new Map(renamed);
    c.created.profiles = c.created.profiles.map((id) => to.get(id) ?? id);
    return renamed;
  }

  function write(
    c: CheckedConfig, at: string, moves: ReadonlyMap<string, KeysLeftBehind>, found: ReadonlyMap<string, string>, renamed: ReadonlyArray<[string, string]>,
  ): ConfigImportResult {
    const providers = counts();
    const keyless: string[] = [];
    const keysRemoved: string[] = [];
    const keysFound: string[] = [];
    // the models as they were before the import: a provider's move may reset their prices below
    const priorModels = new Map(c.models.map((m) => [`${m.provider_id}/${m.model_name}`, repos.models.get(`${m.provider_id}/${m.model_name}`)]));
    /** the models whose prices a provider's move to or from a local runtime just changed */
    const repricedByMove = new Set<string>();
    for (const p of c.providers) {
      const old = repos.providers.get(p.id);
      const moved = moves.get(p.id);
      const row: ProviderRow = {
        id: p.id, name: p.name, type: p.type, base_url: p.base_url, enabled: toFlag(p.enabled), priority: p.priority,
        key_mask: moved?.dropsProviderKey ? null : old?.key_mask ?? found.get(p.id) ?? null,
        waits_for_key: 0,
        created_at: old?.created_at ?? at, updated_at: at,
      };
      row.waits_for_key = waitsForKey(row, old);
      if (old) {
        repos.providers.update(row);
        for (const id of [...forgetLocalPrices(repos, ctx.audit, old, row, at), ...freeLocalPrices(repos, ctx.audit, old, row, at)]) repricedByMove.add(id);
      } else repos.providers.insert(row);
      tally(providers, old);
      if (moved) {
        for (const b of moved.byok) repos.byok.delete(b.user_id, p.id);
        keysRemoved.push(p.id);
        ctx.audit('provider.update', p.id, {
          base_url: p.base_url,
          ...(moved.dropsProviderKey ? { key_change: KEY_LEFT_BEHIND } : {}),
          ...(moved.byok.length === 0 ? {} : { byok_keys_removed: moved.byok.map((b) => b.user_id) }),
        });
      }
      if (row.key_mask === null) keyless.push(p.id);
      else if (found.has(p.id)) keysFound.push(p.id);
    }
    if (keysFound.length > 0) {
      // given back once: the record does not outlive its use
      const origins = parseIdMap(repos.meta.get(SALVAGED_KEY_ORIGINS));
      for (const id of keysFound) delete origins[id];
      repos.meta.set(SALVAGED_KEY_ORIGINS, JSON.stringify(origins));
    }
    const models = counts();
    for (const m of c.models) {
      const id = `${m.provider_id}/${m.model_name}`;
      const old = repos.models.get(id);
      const { input_cost_per_1m, output_cost_per_1m, cached_input_cost_per_1m, cache_write_5m_cost_per_1m, cache_write_1h_cost_per_1m, long_context_tiers, ...rest } = m;
      const prices: ModelPrices = { input_cost_per_1m, output_cost_per_1m, cached_input_cost_per_1m, cache_write_5m_cost_per_1m, cache_write_1h_cost_per_1m, long_context_tiers };
      // prices that follow the bundled table (this build's, checkConfig put them in) keep following it; others
      // the file leaves as they were keep their source; changed ones are the user's from now on. As they were
      // before the import: a $0 the provider's move just made unknown (or an unknown it made $0) stays so unless
      // the file changes it.
      const tableAsOf = c.bundled.get(id);
      const prior = priorModels.get(id);
      const unchanged = old !== undefined && prior !== undefined && samePrices(pricesOfRow(prior), prices);
      // a local runtime's $0 nobody set is nobody's, as in a create or an edit (checkConfig)
      const users = (input_cost_per_1m !== null || output_cost_per_1m !== null) && !c.runtimePriced.has(id);
      const kept = unchanged && repricedByMove.has(id) ? pricesOfRow(old) : prices;
      // checkConfig kept the row's mark and added the file's and the name's: an import never clears it
      const remote = m.remote || old?.remote === 1;
      const row: ModelRow = {
        ...rest, id, ...priceColumns(tableAsOf !== undefined ? prices : kept), capabilities: JSON.stringify(m.capabilities), enabled: toFlag(m.enabled), not_installed: old?.not_installed ?? 0, remote: remote ? 1 : 0,
        price_source: tableAsOf !== undefined ? 'bundled' : unchanged ? old.price_source : users ? 'user' : null,
        price_as_of: tableAsOf ?? (unchanged ? old.price_as_of : users ? priceDate(at) : null),
        avg_latency_ms: old?.avg_latency_ms ?? null, latency_samples: old?.latency_samples ?? 0,
        created_at: old?.created_at ?? at, updated_at: at,
      };
      if (old) repos.models.update(row);
      else repos.models.insert(row);
      tally(models, old);
    }
    repos.rules.save(c.rules, at);
    const defaultProfile = repos.users.get(DEFAULT_PROFILE_ID);
    if (c.defaultLevel !== null && defaultProfile !== undefined && defaultProfile.power_level !== c.defaultLevel) {
      repos.users.update({ ...defaultProfile, power_level: c.defaultLevel, updated_at: at });
      c.changed.profiles[DEFAULT_PROFILE_ID] = ['power_level'];
    }
    const profiles = counts();
    const tokenless: string[] = [];
    for (const u of c.profiles) {
      const old = repos.users.get(u.id);
      // a balance the document does not change is the one the database holds now: the draws flushed since the
      // document was checked are in it, and writing the balance read before would give them back
      const keptBalance = old !== undefined && !c.changed.profiles[u.id]?.includes('credit_balance_usd');
      const row: UserRow = {
        ...u, ...(keptBalance ? { credit_balance_usd: old.credit_balance_usd } : {}),
        preferred_models: JSON.stringify(u.preferred_models), created_at: old?.created_at ?? at, updated_at: at,
      };
      if (old) repos.users.update(row);
      else {
        repos.users.insert(row);
        tokenless.push(u.id);
      }
      tally(profiles, old);
    }
    rememberImportedAs(repos, renamed);
    const notes: string[] = [];
    if (keysRemoved.length > 0) notes.push(`keys removed because the base URL moved to another origin: ${keysRemoved.join(', ')} (a key stays with the address it was stored for; add the new one)`);
    if (keysFound.length > 0) notes.push(`keys found in the secret store and used again: ${keysFound.join(', ')}`);
    if (keyless.length > 0) notes.push(`no key stored for: ${keyless.join(', ')} (add keys in the Providers tab; local providers need none)`);
    if (renamed.length > 0) {
      notes.push(`profiles created under a new id, their id being a deleted profile's whose spend and usage are kept under it: ${renamed.map(([from, to]) => `${from} -> ${to}`).join(', ')}`);
    }
    if (c.importedAs.length > 0) {
      notes.push(`profiles matched to the id an earlier import created them under, their own being a deleted profile's whose spend and usage are kept under it: ${c.importedAs.map(([from, to]) => `${from} -> ${to}`).join(', ')}`);
    }
    if (c.balancesSet.size > 0) {
      const usd = (v: number | null) => (v === null ? 'unlimited' : `$${usdDecimal(v)}`);
      const set = [...c.balancesSet].map(([id, { from, to }]) => `${id} ${usd(from)} -> ${usd(to)}`);
      notes.push(`credit balances set from the file: ${set.join(', ')} (a balance is what requests draw down: an older export of this install gives back the credit spent since; set one with PUT /api/v1/llm/users/{id} credit_balance_usd, or in the BYOK tab)`);
    }
    if (tokenless.length > 0) notes.push(`new profiles without a token: ${tokenless.join(', ')} (issue one in the BYOK tab)`);
    if (c.repriced.length > 0) {
      notes.push(`prices from another release's bundled table replaced by this one's: ${c.repriced.join(', ')} (they keep following the table; edit a price to make it yours)`);
    }
    return { providers, models, profiles, routing_rules: true, notes };
  }
}

const counts = (): ConfigImportCounts => ({ created: 0, updated: 0 });
function tally(c: ConfigImportCounts, existed: unknown): void {
  if (existed) c.updated++;
  else c.created++;
}

/** meta key: provider id -> the origin its stored key was for, written when a damaged database was set aside */
const SALVAGED_KEY_ORIGINS = 'salvaged_key_origins';

/**
 * A document says off both for "switched off" and "waiting for a key" (as exported), so the import keeps
 * what this database knew: one still waiting keeps waiting, one the user switched off stays off. A seeded
 * cloud provider the database no longer has (deleted, then imported back) waits, as a fresh install's
 * does with the same document: an env key (OPENAI_API_KEY, ...) switches it on.
 */
function waitsForKey(row: ProviderRow, old: ProviderRow | undefined): 0 | 1 {
  if (row.enabled === 1) return 0;
  if (old !== undefined) return old.waits_for_key;
  const seeded = row.id === row.type && PROVIDER_TYPE_INFO[row.type]?.envKey !== undefined;
  return seeded && row.key_mask === null ? 1 : 0;
}
