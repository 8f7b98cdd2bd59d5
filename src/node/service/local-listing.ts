// What a listing of Ollama or LM Studio (discovery, a connection test: a click on Test, the idle check, a relist a
// request asked for) teaches of the models already in the catalog: the context each runs with, and, for Ollama,
// which ones it forwards to another host (a cloud model, whatever its name: `ollama cp gpt-oss:120b-cloud mybig`
// makes one called mybig). Discovery asks the same of the models it adds (discoveredModel).
import { withoutLatestTag } from '../../core/model-name';
import type { ProviderEntry } from '../../core/catalog';
import { localModelInfo } from '../catalog/local-model-info';
import type { ProviderOpsDeps } from './provider-ops';

type ListingDeps = Pick<ProviderOpsDeps, 'catalog' | 'upstream' | 'lookupModel' | 'fitLocalContext' | 'markRemote'>;

/** What Ollama is asked of a listed catalog model now: the context it runs with (unless asked before), whether it is remote. */
export interface OllamaQuestions {
  context(name: string): boolean;
  remote(name: string): boolean;
}

const REMOTE_REASON = "its runtime forwards it to another host (Ollama's /api/show says remote_host): not local for the privacy guard";

/**
 * Ollama models set up before discovery asked the server (seeded at first start, or added by an older build)
 * keep the table's trained length, while Ollama runs them with less and cuts a longer prompt silently: of
 * the installed ones still at the table's length, Ollama is asked the context it runs with, as discovery asks
 * of a new model (discoveredModel's cap). And a model not yet marked remote may be a cloud model under a name
 * that does not say so (copied, created from one, added by hand, imported from a file that did not say): Ollama
 * is asked of each (only those: the rest are remote already, which nothing automatic undoes), in the same round
 * of /api/show calls (a few at a time, a short timeout each), and one it says is remote is marked so.
 */
export async function readOllamaModels(deps: ListingDeps, p: ProviderEntry, listedNames: readonly string[], ask: OllamaQuestions): Promise<void> {
  if (p.type !== 'ollama') return;
  const listed = new Set(listedNames.map(withoutLatestTag));
  const forContext = new Set<string>();
  const forRemote = new Set<string>();
  for (const m of deps.catalog.snapshot().modelsById.values()) {
    if (m.providerId !== p.id || !listed.has(withoutLatestTag(m.modelName))) continue;
    if (m.remote !== true && ask.remote(m.modelName)) forRemote.add(m.modelName);
    if (ask.context(m.modelName) && deps.lookupModel(p.id, p.type, m.modelName)?.create.context_length === m.contextLength) forContext.add(m.modelName);
  }
  const names = [...new Set([...forContext, ...forRemote])];
  if (names.length === 0) return;
  const apiKey = await deps.catalog.providerKey(p.id);
  const info = await localModelInfo((req, opts) => deps.upstream.send(req, opts), p.type, p.baseUrl, names,
    { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
  const remote = [...forRemote].filter((name) => info.get(name)?.remote === true);
  if (remote.length > 0) await deps.markRemote(p.id, remote, REMOTE_REASON);
  const runs = new Map<string, number>();
  for (const [name, i] of info) if (forContext.has(name) && i.context_length !== undefined) runs.set(name, i.context_length);
  if (runs.size > 0) await deps.fitLocalContext(p.id, runs);
}

/**
 * Whether Ollama says this model (not in the catalog yet: one being added by hand) is a cloud model it forwards
 * elsewhere. Best effort: false for another type, a server known not to run, or one that does not answer.
 */
export async function ollamaSaysRemote(
  deps: Pick<ProviderOpsDeps, 'catalog' | 'upstream'>, providerId: string, name: string, isDown: (providerId: string) => boolean,
): Promise<boolean> {
  const p = deps.catalog.snapshot().providers.get(providerId);
  if (p?.type !== 'ollama' || isDown(providerId)) return false;
  try {
    const apiKey = await deps.catalog.providerKey(p.id);
    const info = await localModelInfo((req, opts) => deps.upstream.send(req, opts), p.type, p.baseUrl, [name],
      { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
    return info.get(name)?.remote === true;
  } catch {
    return false;
  }
}

/**
 * LM Studio refuses a prompt longer than the context a model is loaded with (its load settings, often 4096,
 * not max_context_length), and it can be reloaded with another at any time: at every connection test (idle
 * checks, a click on Test) and discovery, each listed model it has loaded gets that context (the bundled table's
 * at most), lowered or raised, unless the user set the context. A model not loaded keeps what it has.
 */
export async function fitLmStudioContexts(deps: ListingDeps, p: ProviderEntry, listedNames: readonly string[]): Promise<void> {
  if (p.type !== 'lmstudio') return;
  const listed = new Set(listedNames);
  const names = [...deps.catalog.snapshot().modelsById.values()]
    .filter((m) => m.providerId === p.id && listed.has(m.modelName)).map((m) => m.modelName);
  if (names.length === 0) return;
  const apiKey = await deps.catalog.providerKey(p.id);
  const info = await localModelInfo((req, opts) => deps.upstream.send(req, opts), p.type, p.baseUrl, names,
    { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
  const loaded = new Map<string, number>();
  for (const [name, i] of info) {
    if (!i.loaded || i.context_length === undefined) continue;
    loaded.set(name, Math.min(i.context_length, deps.lookupModel(p.id, p.type, name)?.create.context_length ?? Infinity));
  }
  if (loaded.size > 0) await deps.fitLocalContext(p.id, loaded, { raise: true });
}
