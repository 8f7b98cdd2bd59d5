// Turns the `model` a client sent into either a power level (score everything) or an explicit
// chain of model ids (try in that order).
import { aliasRoutingName, isRoutingName, type RoutingName } from '../../shared/routing-names';
import { POWER_LEVELS, type PowerLevel } from '../../shared/types';
import type { CatalogSnapshot } from '../catalog';
import { ownValue } from '../json-object';
import { latestTagTwin } from '../model-name';
import { hasUsableKey } from './eligibility';
import { RouteError } from './route-error';

export type ResolvedName =
  | { kind: 'level'; level: PowerLevel; auto: boolean }
  | {
    kind: 'chain';
    /** model ids in the order to try, deduplicated */
    chain: string[];
    /** chain entries (from aliases or fallbacks) that name nothing in the catalog */
    unresolved: string[];
    note: string;
    /** the model the client named itself (the chain's head), absent for an alias */
    named?: string;
  };

function isPowerLevel(name: string): name is PowerLevel {
  return (POWER_LEVELS as readonly string[]).includes(name);
}

// Claude Code's names for its model families (`claude-haiku-4-5-20251001`, `claude-3-5-haiku-latest`, `claude-opus-4-8`)
const CLAUDE_FAMILY = /^claude-(?:[\w.]+-)*?(haiku|sonnet|opus)(?:-|$)/;
const CLAUDE_CODE_LEVEL: Record<string, RoutingName> = { haiku: 'eco', sonnet: 'auto', opus: 'precision' };

// Gemini CLI's names: its router's picks and its internal calls (compression, loop detection, next speaker, web search)
const GEMINI_NAME = /^gemini-[\w.-]+$/;

/**
 * The routing name a requested name stands for: itself, an alias of one, or (when the rules map
 * them, and no alias has that name) a Claude Code model name, or a Gemini name no model that is set
 * up serves (routed with the profile's level: a Gemini model of that name with a key still serves it).
 */
function routingNameOf(requested: string, snapshot: CatalogSnapshot, byokProviders: ReadonlySet<string>): RoutingName | undefined {
  if (isRoutingName(requested)) return requested;
  const { aliases, claude_code_model_names: claudeCode, gemini_cli_model_names: geminiCli } = snapshot.rules;
  if (ownValue(aliases, requested) !== undefined) return aliasRoutingName(requested, aliases);
  if (geminiCli === true && GEMINI_NAME.test(requested) && !servedByName(snapshot, requested, byokProviders)) return 'auto';
  const family = claudeCode ? CLAUDE_FAMILY.exec(requested)?.[1] : undefined;
  return family === undefined ? undefined : ownValue(CLAUDE_CODE_LEVEL, family);
}

/** Some set-up model carries this bare name (or its undated one). */
function servedByName(snapshot: CatalogSnapshot, name: string, byokProviders: ReadonlySet<string>): boolean {
  const ids = modelsNamed(snapshot, name);
  return ids !== undefined && ids.some((id) => isSetUp(snapshot, id, byokProviders));
}

const NONE: ReadonlySet<string> = new Set();

// Snapshot ids clients pin (Claude Code sends `claude-sonnet-4-5-20250929`): the undated name is the same model.
const DATED_SUFFIX = /(?:-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8}|-latest)$/;

/** The models carrying this bare name, else its `:latest` twin (Ollama's one model), else its undated one. */
function modelsNamed(snapshot: CatalogSnapshot, name: string): readonly string[] | undefined {
  const twin = latestTagTwin(name);
  return snapshot.modelsByName.get(name)
    ?? (twin === undefined ? undefined : snapshot.modelsByName.get(twin))
    ?? (DATED_SUFFIX.test(name) ? snapshot.modelsByName.get(name.replace(DATED_SUFFIX, '')) : undefined);
}

/** The model this id names: itself, or its `:latest` twin (`ollama/llama3.2:latest` is `ollama/llama3.2`). */
function modelIdOf(snapshot: CatalogSnapshot, name: string): string | undefined {
  if (snapshot.modelsById.has(name)) return name;
  const twin = name.includes('/') ? latestTagTwin(name) : undefined;
  return twin !== undefined && snapshot.modelsById.has(twin) ? twin : undefined;
}

/** A model that can serve at all: enabled, on an enabled provider with a key it can use (eligibility's setup checks). */
function isSetUp(snapshot: CatalogSnapshot, id: string, byokProviders: ReadonlySet<string>): boolean {
  const model = snapshot.modelsById.get(id);
  const provider = model && snapshot.providers.get(model.providerId);
  return provider !== undefined && model!.enabled && provider.enabled && hasUsableKey(provider, byokProviders);
}

/**
 * A bare upstream name that exactly one model carries (a dated snapshot name falls back to its undated
 * one). Several carry it: the one of them that is set up (the seeded catalog lists `gpt-oss-120b` under
 * Groq and Together, and only the provider with a key can serve it); throws when that still leaves several,
 * or none.
 */
function uniqueByName(snapshot: CatalogSnapshot, name: string, byokProviders: ReadonlySet<string>): string | undefined {
  const ids = modelsNamed(snapshot, name);
  if (ids === undefined || ids.length === 0) return undefined;
  if (ids.length === 1) return ids[0];
  const ready = ids.filter((id) => isSetUp(snapshot, id, byokProviders));
  if (ready.length === 1) return ready[0];
  const listed = ready.length > 1 ? ready : ids;
  throw new RouteError('unknown_model', `model name '${name}' is ambiguous: it matches ${listed.join(', ')}; send one of these ids instead`);
}

/**
 * Breadth-first over names: an alias stands for its members (expanded in its place), a model id for
 * itself, with its fallbacks (rules.fallbacks) queued after everything already listed, recursively.
 * Each name is visited once, so cycles end.
 * Aliases take precedence over model ids of the same name, as at the top level.
 */
export function expandChain(
  roots: readonly string[], snapshot: CatalogSnapshot, byokProviders: ReadonlySet<string> = NONE,
): { chain: string[]; unresolved: string[] } {
  const { aliases, fallbacks } = snapshot.rules;
  const chain: string[] = [];
  const unresolved: string[] = [];
  const seen = new Set<string>();
  const queue: string[] = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i] as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const members = ownValue(aliases, name);
    if (members !== undefined) {
      queue.splice(i + 1, 0, ...members); // an alias stands for its members, in its place
      queue.push(...(ownValue(fallbacks, name) ?? []));
      continue;
    }
    let id: string | undefined = modelIdOf(snapshot, name);
    if (id !== undefined && id !== name && seen.has(id)) continue;
    if (id !== undefined) seen.add(id);
    if (id === undefined) {
      try {
        id = uniqueByName(snapshot, name, byokProviders);
      } catch {
        id = undefined; // an ambiguous name inside a chain is reported, not fatal
      }
      if (id !== undefined && seen.has(id)) continue;
      if (id !== undefined) seen.add(id);
    }
    if (id === undefined) {
      unresolved.push(name);
      continue;
    }
    chain.push(id);
    queue.push(...(ownValue(fallbacks, id) ?? []));
    if (name !== id) queue.push(...(ownValue(fallbacks, name) ?? []));
  }
  return { chain, unresolved };
}

function chainNote(requested: string, head: string, chain: readonly string[], isAlias: boolean): string {
  if (isAlias) return `alias '${requested}' resolves to ${chain.join(' -> ')}`;
  const prefix = requested === head ? `'${head}'` : `'${requested}' is ${head}`;
  return chain.length > 1 ? `${prefix}, falling back to ${chain.slice(1).join(' -> ')}` : `${prefix}, no fallbacks`;
}

/**
 * Throws RouteError('unknown_model') for names that resolve to nothing or to several models.
 * `byokProviders`: the providers the profile has its own key for (a model there is set up).
 */
export function resolveRequestedName(
  requested: string, snapshot: CatalogSnapshot, profileLevel: PowerLevel, byokProviders: ReadonlySet<string> = NONE,
): ResolvedName {
  const routing = routingNameOf(requested, snapshot, byokProviders);
  if (routing === 'auto') return { kind: 'level', level: profileLevel, auto: true };
  if (routing !== undefined && isPowerLevel(routing)) return { kind: 'level', level: routing, auto: false };

  const isAlias = ownValue(snapshot.rules.aliases, requested) !== undefined;
  let head: string | undefined;
  if (!isAlias) {
    head = modelIdOf(snapshot, requested) ?? uniqueByName(snapshot, requested, byokProviders);
    if (head === undefined) {
      throw new RouteError('unknown_model',
        `unknown model '${requested}': send auto, eco, balanced, precision, an alias from the routing rules, or a model id (provider/model)`);
    }
  }
  const { chain, unresolved } = expandChain([head ?? requested], snapshot, byokProviders);
  const note = chainNote(requested, head ?? requested, chain, isAlias);
  return head === undefined ? { kind: 'chain', chain, unresolved, note } : { kind: 'chain', chain, unresolved, note, named: head };
}
