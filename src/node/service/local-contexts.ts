// Ollama's and LM Studio's listings and the contexts their models run with, read at a connection test or
// discovery (provider-ops.ts): a listed model is installed, and its context is the one the server uses.
import { withoutLatestTag } from '../../core/model-name';
import type { ProviderEntry } from '../../core/catalog';
import { localModelInfo } from '../catalog/local-model-info';
import type { ProviderOpsDeps } from './provider-ops';

/** Ollama or LM Studio listed these models (the rest it does not have). */
export async function noteListing(deps: Pick<ProviderOpsDeps, 'noteLocalListing'>, p: ProviderEntry, names: readonly string[]): Promise<void> {
  if (p.type === 'ollama' || p.type === 'lmstudio') await deps.noteLocalListing(p.id, names);
}

/**
 * Ollama models set up before discovery asked the server (seeded at first start, or added by an older build)
 * keep the table's trained length, while Ollama runs them with less and cuts a longer prompt silently: of
 * the installed ones still at the table's length, Ollama is asked the context it runs with, as discovery asks
 * of a new model (discoveredModel's cap). `ask` picks which of them to ask now.
 */
export async function fitOllamaContexts(
  deps: ProviderOpsDeps, p: ProviderEntry, listedNames: readonly string[], ask: (name: string) => boolean,
): Promise<void> {
  if (p.type !== 'ollama') return;
  const listed = new Set(listedNames.map(withoutLatestTag));
  const names: string[] = [];
  for (const m of deps.catalog.snapshot().modelsById.values()) {
    if (m.providerId !== p.id || !listed.has(withoutLatestTag(m.modelName)) || !ask(m.modelName)) continue;
    if (deps.lookupModel(p.id, p.type, m.modelName)?.create.context_length === m.contextLength) names.push(m.modelName);
  }
  if (names.length === 0) return;
  const apiKey = await deps.catalog.providerKey(p.id);
  const info = await localModelInfo((req, opts) => deps.upstream.send(req, opts), p.type, p.baseUrl, names,
    { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
  const runs = new Map<string, number>();
  for (const [name, i] of info) if (i.context_length !== undefined) runs.set(name, i.context_length);
  if (runs.size > 0) await deps.fitLocalContext(p.id, runs);
}

/**
 * LM Studio refuses a prompt longer than the context a model is loaded with (its load settings, often 4096,
 * not max_context_length), and it can be reloaded with another at any time: at every connection test (idle
 * checks, a click on Test) and discovery, each listed model it has loaded gets that context (the bundled table's
 * at most), lowered or raised, unless the user set the context. A model not loaded keeps what it has.
 */
export async function fitLmStudioContexts(deps: ProviderOpsDeps, p: ProviderEntry, listedNames: readonly string[]): Promise<void> {
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
