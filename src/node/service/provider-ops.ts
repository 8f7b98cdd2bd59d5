// Admin operations that call a provider: connection test, model discovery, published balances.
import { AdminError, type AdminService } from '../../shared/contract';
import type { Model, ModelCreate, ProviderBalance, ProviderTestResult } from '../../shared/types';
import type { BundledModelLookup } from '../catalog/price-lookup';
import { withoutLatestTag } from '../../core/model-name';
import { priceDate } from '../catalog/model-prices';
import type { ListedModel } from '../catalog/openrouter-listing';
import { providerListing } from '../catalog/provider-listing';
import { localModelInfo, type LocalModelInfo } from '../catalog/local-model-info';
import { fitLmStudioContexts, fitOllamaContexts, noteListing } from './local-contexts';
import type { DiscoveredCreate, LocalContextFit } from './model-methods';
import { isOwnRuntime, type CatalogSnapshot, type ProviderEntry } from '../../core/catalog';
import { adapterFor, providerTypeInfo } from '../../core/providers';
import { redactSecrets } from '../../core/redact';
import { UpstreamFailure } from '../../core/canonical';
import type { UpstreamClient, UpstreamResponse } from '../http/upstream-client';
import { readBodyText } from '../proxy/upstream-call';
import { plainErrorText, readErrorBody } from '../http/error-body';
import { v1Suggestion, withV1Hint } from './v1-hint';
import { refuseKeyEcho } from '../http/key-echo';
import { isFreeProvider, isRemoteModel } from '../catalog/provider-locality';
import { notRunningReport } from '../health/local-probe';
import { tcpProbe } from '../health/tcp-probe';
import { parseBalance } from './provider-balance';

export interface ProviderOpsDeps {
  catalog: {
    snapshot(): CatalogSnapshot;
    providerKey(providerId: string): Promise<string | undefined>;
    recordHealth(providerId: string, r: { ok: boolean; latencyMs: number | null; status?: number | null; message: string; notRunning?: boolean }): void;
  };
  upstream: UpstreamClient;
  /** the bundled price table: a model create for this upstream model name, where the table knows it */
  lookupModel: BundledModelLookup;
  /** creates these models in one go (one that fails the checks is left out): the ones created */
  createModels(models: readonly DiscoveredCreate[]): Promise<Model[]>;
  /** Ollama or LM Studio listed these: its models left out are not installed, the named ones are again */
  noteLocalListing(providerId: string, names: readonly string[]): Promise<void>;
  /** Ollama runs these models with this context: an unedited longer one is lowered to it (`raise`: set to it) */
  fitLocalContext(providerId: string, runs: ReadonlyMap<string, number>, opts?: LocalContextFit): Promise<void>;
  now?: () => Date;
  /**
   * After every connection test (a local server that answered one is running). `startedAt`: when the test began
   * (a test that began before a key change says nothing about the new key); `notRunning`: a server of one's own where nothing answers; `answered`: the provider answered (a success,
   * or an HTTP status), so it is reachable
   */
  onTested?(providerId: string, ok: boolean, startedAt: number, notRunning?: boolean, answered?: boolean, report?: Parameters<ProviderOpsDeps['catalog']['recordHealth']>[1]): void;
}

const TEST_TIMEOUT_MS = 15_000;

function providerOr404(snapshot: CatalogSnapshot, id: unknown): ProviderEntry {
  if (typeof id !== 'string' || id.length === 0) throw new AdminError(400, 'provider_id must be a provider id', 'provider_id');
  const p = snapshot.providers.get(id);
  if (!p) throw new AdminError(404, `No provider ${id}`, 'provider_id');
  return p;
}

/** what a call to a provider needs */
type CallDeps = Pick<ProviderOpsDeps, 'catalog' | 'upstream'>;

/** GET the provider's model listing with its key (or `key`, a profile's own): the cheapest real call there is. */
async function listUpstreamModels(
  deps: CallDeps, p: ProviderEntry, key?: { apiKey: string },
): Promise<{ status: number; names: string[]; body: unknown }> {
  const adapter = adapterFor(p.format);
  const apiKey = key ? key.apiKey : await deps.catalog.providerKey(p.id);
  try {
    const req = adapter.buildListModelsRequest({ baseUrl: p.baseUrl, apiKey, providerType: p.type });
    const res = await deps.upstream.send(req, { headersTimeoutMs: TEST_TIMEOUT_MS, bodyTimeoutMs: TEST_TIMEOUT_MS });
    if (res.statusCode === 404) throw withV1Hint(await refusal(adapter, res, apiKey), await v1Suggestion(deps.upstream, p, apiKey), p, req.url);
    if (res.statusCode < 200 || res.statusCode >= 300) throw await refusal(adapter, res, apiKey);
    const text = await readBodyText(res.body, 16 * 1024 * 1024);
    // a listing that carries the key (an echoing gateway) would store it as a model name, for every
    // profile's /v1/models, the config export and the audit log to show
    refuseKeyEcho(text, [apiKey]);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new UpstreamFailure({ kind: 'server', status: res.statusCode, message: 'the model listing is not JSON' });
    }
    let names: string[];
    try {
      // a listing that names a model twice lists it once: "N model(s) listed" is what discovery adds
      names = [...new Set(adapter.parseListModels(body))];
    } catch (e) {
      throw new UpstreamFailure({ kind: 'server', status: res.statusCode, message: String((e as Error)?.message ?? e) });
    }
    return { status: res.statusCode, names, body };
  } catch (err) {
    // a provider may echo a wrong key back, and one without a known prefix escapes the patterns
    throw redactFailure(err, [apiKey]);
  }
}

/**
 * The provider's refusal of a call, classified, its text redacted of the key sent (an HTML page as its text).
 * The whole body is redacted before an HTML page is cut to a line: a key at the cut would keep a piece too short
 * for the patterns to know; and again after, for what decoding entities or joining text may have spelled.
 */
async function refusal(adapter: ReturnType<typeof adapterFor>, res: UpstreamResponse, apiKey: string | undefined): Promise<UpstreamFailure> {
  const text = redactSecrets(plainErrorText(redactSecrets(await readErrorBody(res.body, res.headers), [apiKey])), [apiKey]);
  return new UpstreamFailure({ ...adapter.classifyError(res.statusCode, text, res.headers), status: res.statusCode });
}

/** GET `{base}{path}` with the provider's key as a Bearer token (balances, OpenRouter's key check). */
function keyedGet(deps: CallDeps, base: string, path: string, apiKey: string | undefined): Promise<UpstreamResponse> {
  return deps.upstream.send(
    { url: `${base.replace(/\/+$/, '')}${path}`, method: 'GET', headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} },
    { headersTimeoutMs: TEST_TIMEOUT_MS, bodyTimeoutMs: TEST_TIMEOUT_MS },
  );
}

/** A key OpenRouter refuses (401/403 on GET /key) fails the test; any other answer says nothing about it. */
async function checkOpenRouterKey(deps: CallDeps, p: ProviderEntry, key?: { apiKey: string }): Promise<void> {
  const apiKey = key ? key.apiKey : await deps.catalog.providerKey(p.id);
  try {
    const res = await keyedGet(deps, p.baseUrl, '/key', apiKey);
    if (res.statusCode === 401 || res.statusCode === 403) throw await refusal(adapterFor(p.format), res, apiKey);
    await readErrorBody(res.body, res.headers);
  } catch (err) {
    throw redactFailure(err, [apiKey]);
  }
}

/**
 * Ollama and LM Studio list what is installed (pulled, downloaded): a bundled model the user never pulled
 * answers 404 "try pulling it first" to every request, so it leaves routing until a listing names it.
 * Other servers' listings say less (llama-server lists the one model it runs, whatever it is called).
 */
function redactFailure(err: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (err instanceof UpstreamFailure) return new UpstreamFailure({ ...err.error, message: redactSecrets(err.error.message, secrets) });
  return new Error(redactSecrets(String((err as Error)?.message ?? err), secrets));
}

function failureMessage(err: unknown): { status: number | null; message: string } {
  if (err instanceof UpstreamFailure) return { status: err.error.status ?? null, message: redactSecrets(err.error.message) };
  return { status: null, message: redactSecrets(String((err as Error)?.message ?? err)) };
}

/**
 * A server of one's own (Ollama, LM Studio, one on this machine) whose test could not connect, and where
 * nothing answers a TCP connect either (the probe's own check): recorded not running, as the probe records
 * it, and so left out of routing. A server that takes the connection (and then resets it, hangs or answers
 * wrongly) is a running one failing: undefined.
 */
async function notRunning(p: ProviderEntry, err: unknown): Promise<ReturnType<typeof notRunningReport> | undefined> {
  const kind = err instanceof UpstreamFailure ? err.error.kind : undefined;
  if (!isOwnRuntime(p) || (kind !== 'connect' && kind !== 'timeout')) return undefined;
  const probe = await tcpProbe(p.baseUrl, 1_500);
  return probe.ok ? undefined : notRunningReport(p, probe.reason);
}

/**
 * A profile's own key tried as the provider form's Test tries the provider's: a model listing with it (and
 * OpenRouter's GET /key). Nothing is recorded: the provider's health is about its shared key.
 */
export async function testOwnKey(
  deps: CallDeps, providerId: string, apiKey: string,
): Promise<ProviderTestResult> {
  const p = providerOr404(deps.catalog.snapshot(), providerId);
  const t0 = performance.now();
  try {
    const { status, names } = await listUpstreamModels(deps, p, { apiKey });
    if (p.type === 'openrouter') await checkOpenRouterKey(deps, p, { apiKey });
    return { ok: true, latency_ms: Math.round(performance.now() - t0), status, message: `Connected: ${names.length} model(s) listed`, models_found: names.length };
  } catch (err) {
    const { status, message } = failureMessage(redactFailure(err, [apiKey]));
    return { ok: false, latency_ms: Math.round(performance.now() - t0), status, message, models_found: 0 };
  }
}

/**
 * A request named a model this Ollama or LM Studio did not list last time: its models are listed and noted
 * (installed or not), and nothing else. Unlike a connection test it records no health and tells no one it
 * answered: a server that lists its models while its generations hang stays cooling down, however often a
 * client asks for a model never pulled. A failed listing throws (the caller logs it).
 */
export async function listLocalModels(deps: Pick<ProviderOpsDeps, 'catalog' | 'upstream' | 'noteLocalListing'>, providerId: string): Promise<void> {
  const p = deps.catalog.snapshot().providers.get(providerId);
  if (!p || (p.type !== 'ollama' && p.type !== 'lmstudio')) return;
  const { names } = await listUpstreamModels(deps, p);
  await noteListing(deps, p, names);
}

/**
 * New models one discovery adds at most: every listing we know is far shorter (OpenRouter ~500), and a
 * gateway listing 200,000 is added a bounded step at a time (one transaction, one catalog refresh each).
 */
export const MAX_DISCOVERED_MODELS = 2_000;

export function createProviderOpsMethods(deps: ProviderOpsDeps): Pick<AdminService, 'testProvider' | 'discoverModels' | 'getProviderBalances'> {
  /** provider id -> when the test whose result is shown began: a slower, older test does not overwrite a newer one */
  const shownStart = new Map<string, number>();
  /** `<provider>\n<base url>\n<model>` a connection test already asked Ollama of: each once, the tests run every minute */
  const askedContext = new Set<string>();
  const record = (id: string, startedAt: number, report: Parameters<ProviderOpsDeps['catalog']['recordHealth']>[1]): void => {
    if ((shownStart.get(id) ?? 0) > startedAt) return;
    shownStart.set(id, startedAt);
    deps.catalog.recordHealth(id, report);
    deps.onTested?.(id, report.ok, startedAt, report.notRunning === true, report.ok || (report.status ?? null) !== null, report);
  };
  return {
    async testProvider(input) {
      const p = providerOr404(deps.catalog.snapshot(), input?.provider_id);
      const startedAt = Date.now();
      const t0 = performance.now();
      try {
        const { status, names } = await listUpstreamModels(deps, p);
        await noteListing(deps, p, names);
        // OpenRouter lists its models to anyone: its key is checked on GET /key (free)
        if (p.type === 'openrouter') await checkOpenRouterKey(deps, p);
        const latency = Math.round(performance.now() - t0);
        const message = `Connected: ${names.length} model(s) listed`;
        record(p.id, startedAt, { ok: true, latencyMs: latency, status, message });
        // best effort: what the models run with says nothing of the connection
        await fitOllamaContexts(deps, p, names, (name) => {
          const key = `${p.id}\n${p.baseUrl}\n${name}`;
          if (askedContext.has(key)) return false;
          askedContext.add(key);
          return true;
        }).catch(() => undefined);
        await fitLmStudioContexts(deps, p, names).catch(() => undefined);
        return { ok: true, latency_ms: latency, status, message, models_found: names.length };
      } catch (err) {
        const latency = Math.round(performance.now() - t0);
        const { status, message } = failureMessage(err);
        const down = await notRunning(p, err);
        record(p.id, startedAt, down ?? { ok: false, latencyMs: latency, status, message });
        return { ok: false, latency_ms: latency, status, message: down?.message ?? message, models_found: 0 };
      }
    },

    async discoverModels(input) {
      const snapshot = deps.catalog.snapshot();
      const p = providerOr404(snapshot, input?.id);
      let listing: { names: string[]; body: unknown };
      try {
        listing = await listUpstreamModels(deps, p);
      } catch (err) {
        throw new AdminError(502, `Could not list models of ${p.id}: ${failureMessage(err).message}`);
      }
      const { names } = listing;
      await noteListing(deps, p, names);
      const listed = providerListing(p.type, listing.body);
      const today = priceDate(deps.now?.() ?? new Date());
      let existing = 0;
      // `x` and `x:latest` are one model: one already set up under either name is not added again
      const known = new Set<string>();
      for (const m of snapshot.modelsById.values()) if (m.providerId === p.id) known.add(withoutLatestTag(m.modelName));
      const exists = (name: string) => snapshot.modelsById.has(`${p.id}/${name}`) || known.has(withoutLatestTag(name));
      const fresh = names.filter((name) => !exists(name));
      const adding: string[] = [];
      for (const name of names) {
        // `x` and `x:latest` both new: the first listed is added, the other counts as in the catalog
        if (exists(name)) existing++;
        else {
          known.add(withoutLatestTag(name));
          adding.push(name);
        }
      }
      // a longer listing's rest comes with the next discovery: one discovery's work stays bounded
      const more = Math.max(0, adding.length - MAX_DISCOVERED_MODELS);
      adding.length -= more;
      // a local server says what each new model can do and how long its context is (the bundled table wins,
      // but Ollama is asked of every model: it runs each with less context than the table's trained length)
      // Ollama and LM Studio here or on the LAN (an API key the user set for either goes with the questions)
      const apiKey = isOwnRuntime(p) ? await deps.catalog.providerKey(p.id) : undefined;
      const local = await localModelInfo(
        (req, opts) => deps.upstream.send(req, opts), p.type, p.baseUrl,
        // (LM Studio: one listing whatever the names; a bundled model it has loaded takes the loaded context)
        adding.filter((name) => p.type === 'ollama' || p.type === 'lmstudio' || !deps.lookupModel(p.id, p.type, name)),
        { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} },
      );
      const added = await deps.createModels(adding.map((name) => discoveredModel(deps, p, name, listed.get(name), today, local.get(name))));
      const freshNames = new Set(fresh);
      await fitOllamaContexts(deps, p, names, (name) => !freshNames.has(name));
      await fitLmStudioContexts(deps, p, names.filter((name) => !freshNames.has(name)));
      return { found: names.length, added, existing, more };
    },

    async getProviderBalances() {
      const snapshot = deps.catalog.snapshot();
      const out: ProviderBalance[] = [];
      for (const p of snapshot.providers.values()) {
        const path = providerTypeInfo(p.type).balancePath;
        if (!path || !p.hasKey) continue;
        out.push(await fetchBalance(deps, p, path));
      }
      return out;
    },
  };
}

/**
 * A new model: the bundled table where it knows the name (its context capped by the listing's); else what the provider's own listing says
 * (OpenRouter's prices, context and capabilities; Together's, Groq's and Mistral's context, Mistral's
 * capabilities) or a local server, the rest defaults; prices unknown unless listed (null, never $0;
 * createModel makes it $0 only on a local runtime). A runtime's cloud model (Ollama's `-cloud`, or one its
 * /api/show says is remote) is `remote`: the table's entries are the runtime's own runs ($0, a local context),
 * so it takes what the runtime states, its price unknown.
 */
function discoveredModel(
  deps: ProviderOpsDeps, p: ProviderEntry, name: string, listed: ListedModel | undefined, today: string,
  local?: LocalModelInfo,
): DiscoveredCreate {
  const remote = isRemoteModel(p.type, name, local?.remote);
  const bundled = remote ? undefined : deps.lookupModel(p.id, p.type, name);
  if (bundled) {
    // the provider knows how much it serves: a listing's shorter context caps the table's, and so does the
    // context Ollama runs the model with, or LM Studio has it loaded with
    const runs = p.type === 'ollama' || local?.loaded ? local?.context_length : undefined;
    const context = Math.min(bundled.create.context_length, listed?.context_length ?? Infinity, runs ?? Infinity);
    return { input: { ...bundled.create, context_length: context }, origin: { source: 'bundled', asOf: bundled.asOf } };
  }
  const create: ModelCreate = {
    provider_id: p.id,
    model_name: name,
    input_cost_per_1m: null,
    output_cost_per_1m: null,
    context_length: listed?.context_length ?? local?.context_length ?? 8192,
    capabilities: listed?.capabilities ?? local?.capabilities ?? (/embed/i.test(name) ? ['embeddings'] : ['chat']),
    // a cloud model outside the bundled table stays off until the user picks it (a listing may hold hundreds);
    // a model of one's own runtime (here or on the LAN) costs nothing and is on
    enabled: isFreeProvider(p.type, p.baseUrl),
  };
  if (listed?.display_name !== undefined) create.display_name = listed.display_name;
  if (listed?.max_output_tokens !== undefined) create.max_output_tokens = listed.max_output_tokens;
  if (listed?.prices) Object.assign(create, listed.prices);
  return { input: create, origin: { source: 'provider', asOf: today }, ...(remote ? { remote } : {}) };
}

async function fetchBalance(deps: ProviderOpsDeps, p: ProviderEntry, path: string): Promise<ProviderBalance> {
  const apiKey = await deps.catalog.providerKey(p.id);
  // DeepSeek publishes its balance beside /v1, not under it
  const base = p.type === 'deepseek' ? p.baseUrl.replace(/\/v1\/?$/, '') : p.baseUrl;
  try {
    const res = await keyedGet(deps, base, path, apiKey);
    const text = await readBodyText(res.body, 1024 * 1024);
    if (res.statusCode !== 200) return { provider_id: p.id, ok: false, balance_usd: null, message: `HTTP ${res.statusCode}` };
    const balance = parseBalance(p.type, JSON.parse(text));
    return balance === null
      ? { provider_id: p.id, ok: false, balance_usd: null, message: 'no USD balance in the answer' }
      : { provider_id: p.id, ok: true, balance_usd: balance, message: 'ok' };
  } catch (err) {
    return { provider_id: p.id, ok: false, balance_usd: null, message: redactSecrets(failureMessage(err).message, [apiKey]) };
  }
}
