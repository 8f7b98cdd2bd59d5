// The document a damaged database leaves behind: its readable rows as a configuration document, built as
// an export builds one, so the user imports it like any other. A row that would not pass the import's
// checks (a damaged page can yield half a row) is left out and named in salvage_notes, so the rest imports;
// routing rules and profiles read whole lose only their references to models that were not saved (noted).
import type { ConfigDocument } from '../../shared/config-types';
import { DEFAULT_ROUTING_RULES } from '../../shared/defaults';
import type { RoutingRules } from '../../shared/types';
import { ValidationError } from '../../shared/validate';
import { modelCreateBody, providerCreateBody, storedUserCreateBody } from '../../shared/validate-admin';
import { applyRoutingRulesPatch } from '../../shared/validate-rules';
import type { ModelRow, ProviderRow, UserRow } from '../catalog/repos/index';
import { storedRules } from '../catalog/repos/rules-repo';
import { isRoutingName } from '../../shared/routing-names';
import { pruneRules } from './model-refs';
import { configDocument, documentModel, modelSettings, profileConfig, providerConfig } from './config-document';

/**
 * A table's rows as read; or, when a damaged page kept some from being read, the rows that were and what was
 * not (a row's key, or a range of rowids); or why nothing could be read.
 */
export type SalvagedTable = unknown[] | { rows: unknown[]; unread: { what: string; reason: string }[] } | { error: string };

/** The rows read from a table, or null when none could be. */
export function rowsOf(table: SalvagedTable | undefined): unknown[] | null {
  if (table === undefined || 'error' in table) return null;
  return Array.isArray(table) ? table : table.rows;
}

export interface SalvagedTables {
  providers?: SalvagedTable;
  models?: SalvagedTable;
  routing_rules?: SalvagedTable;
  users?: SalvagedTable;
}

function reason(e: unknown): string {
  return e instanceof ValidationError ? e.message : (e as Error)?.message ?? String(e);
}

/** Rows that convert and pass `check`; the others named in `notes`. */
function usable<R, C>(table: SalvagedTable | undefined, name: string, label: (r: Partial<R>) => string, convert: (r: R) => C, check: (c: C) => void, notes: string[]): C[] {
  if (table === undefined) return [];
  if ('error' in table) {
    notes.push(`${name}: could not be read (${table.error})`);
    return [];
  }
  if (!Array.isArray(table)) for (const u of table.unread) notes.push(`${name} ${u.what} left out: could not be read (${u.reason})`);
  const out: C[] = [];
  for (const row of rowsOf(table) as R[]) {
    try {
      const c = convert(row);
      check(c);
      out.push(c);
    } catch (e) {
      notes.push(`${name} ${label(row as Partial<R>)} left out: ${reason(e)}`);
    }
  }
  return out;
}

/** The rules without the models they name that were not saved (and the aliases that leaves empty), noted. */
function withoutLostModels(rules: RoutingRules, modelIds: ReadonlySet<string>, notes: string[]): RoutingRules {
  const named = [...Object.values(rules.aliases).flat(), ...Object.keys(rules.fallbacks), ...Object.values(rules.fallbacks).flat()];
  const lost = new Set(named.filter((ref) => !modelIds.has(ref) && !Object.hasOwn(rules.aliases, ref) && !isRoutingName(ref)));
  if (lost.size === 0) return rules;
  const lostModels = [...lost];
  const pruned = pruneRules(rules, lost);
  const emptied = [...lost].filter((name) => !lostModels.includes(name));
  notes.push(`routing rules: models taken out, as they were not saved: ${lostModels.join(', ')}${emptied.length === 0 ? '' : `; aliases left with nothing, taken out: ${emptied.join(', ')}`}`);
  return pruned ?? rules;
}

export function salvageDocument(tables: SalvagedTables, from: string, now: Date): ConfigDocument {
  const notes: string[] = [];
  const providers = usable<ProviderRow, ReturnType<typeof providerConfig>>(tables.providers, 'provider', (r) => String(r.id),
    providerConfig, (p) => void providerCreateBody(p, ''), notes);
  const providerIds = new Set(providers.map((p) => p.id));
  const models = usable<ModelRow, ReturnType<typeof documentModel>>(tables.models, 'model', (r) => String(r.id), documentModel, (m) => {
    modelCreateBody(modelSettings(m), '');
    if (!providerIds.has(m.provider_id)) throw new Error(`its provider ${m.provider_id} was not saved`);
  }, notes);
  const modelIds = new Set(models.map((m) => `${m.provider_id}/${m.model_name}`));
  let rules: RoutingRules = structuredClone(DEFAULT_ROUTING_RULES) as RoutingRules;
  // rules and profiles read whole keep everything but their references to models that were not saved
  // (a provider's page lost takes its models with it), as when those models are deleted
  const ruleRows = usable<{ rules: string }, RoutingRules>(tables.routing_rules, 'routing rules', () => '',
    (r) => withoutLostModels(storedRules(r.rules), modelIds, notes), (r) => void applyRoutingRulesPatch(rules, r, { modelIds }), notes);
  if (ruleRows[0]) rules = ruleRows[0];
  const known = (ref: string) => modelIds.has(ref) || Object.hasOwn(rules.aliases, ref);
  const profiles = usable<UserRow, ReturnType<typeof profileConfig>>(tables.users, 'profile', (r) => String(r.id), (row) => {
    const u = profileConfig(row);
    const lost = u.preferred_models.filter((ref) => !known(ref));
    if (lost.length > 0) notes.push(`profile ${u.id}: preferred models taken out, as they were not saved: ${lost.join(', ')}`);
    return lost.length === 0 ? u : { ...u, preferred_models: u.preferred_models.filter(known) };
  }, (u) => void storedUserCreateBody(u, ''), notes);
  const doc = configDocument({ providers: [], models: [], rules, users: [] }, now);
  return { ...doc, salvaged_from: from, providers, models, profiles, ...(notes.length === 0 ? {} : { salvage_notes: notes }) };
}
