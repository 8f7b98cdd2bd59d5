// GET /v1beta/models and /v1beta/models/{model} in Google's shape: the routing names, the aliases,
// then every enabled model as `models/provider/model`.
import type { CatalogSnapshot, ModelEntry } from '../../catalog';
import { aliasRoutingName } from '../../../shared/routing-names';
import { expandChain } from '../../routing';

export interface GeminiModelOut {
  name: string;
  version: string;
  displayName: string;
  description: string;
  inputTokenLimit: number;
  /** left out where no max output is known, and for an embedding model (optional in Google's Model) */
  outputTokenLimit?: number;
  supportedGenerationMethods: string[];
  thinking?: boolean;
}

const ROUTING_NAMES = ['auto', 'eco', 'balanced', 'precision'];
const GENERATE = ['generateContent', 'streamGenerateContent', 'countTokens'];
const EMBED = ['embedContent', 'batchEmbedContents'];

function servable(snapshot: CatalogSnapshot): ModelEntry[] {
  return snapshot.models.filter((m) => m.enabled && snapshot.providers.get(m.providerId)?.enabled === true);
}

function modelOut(name: string, m: ModelEntry): GeminiModelOut {
  const embeds = m.capabilities.has('embeddings') && !m.capabilities.has('chat');
  const out: GeminiModelOut = {
    name: `models/${name}`,
    version: '1',
    displayName: m.id,
    description: `${m.modelName} from ${m.providerId}, through Switchboard`,
    inputTokenLimit: m.contextLength,
    supportedGenerationMethods: embeds ? EMBED : GENERATE,
  };
  if (!embeds && typeof m.maxOutputTokens === 'number') out.outputTokenLimit = m.maxOutputTokens;
  if (m.capabilities.has('reasoning')) out.thinking = true;
  return out;
}

/**
 * A routing name or alias: Switchboard picks the model per request; the limits are the widest any of `models` has
 * (the output one of those whose max output is known; left out where none is).
 */
function routedOut(name: string, models: ModelEntry[], description: string): GeminiModelOut {
  let input = 0;
  let output = 0;
  for (const m of models) {
    if (!m.capabilities.has('chat')) continue;
    input = Math.max(input, m.contextLength);
    if (typeof m.maxOutputTokens === 'number') output = Math.max(output, m.maxOutputTokens);
  }
  return {
    name: `models/${name}`, version: '1', displayName: name, description,
    inputTokenLimit: input, ...(output > 0 ? { outputTokenLimit: output } : {}), supportedGenerationMethods: GENERATE,
  };
}

export function listGeminiModels(snapshot: CatalogSnapshot): { models: GeminiModelOut[] } {
  const models = servable(snapshot);
  const out = ROUTING_NAMES.map((n) => routedOut(n, models, n === 'auto' ? 'routed at your profile\'s power level' : `routed at the ${n} power level`));
  for (const alias of Object.keys(snapshot.rules.aliases)) out.push(routedOut(alias, aliasTargets(snapshot, alias, models), `alias: ${snapshot.rules.aliases[alias]!.join(', ')}`));
  for (const m of models) out.push(modelOut(m.id, m));
  return { models: out };
}

/** Google's paging of models.list: 50 a page unless asked, at most 1000 (more is taken as 1000). */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** A page of the list is not what was asked: the client sent a pageSize or pageToken Google would refuse. */
export class GeminiPageError extends Error {
  constructor(readonly param: 'pageSize' | 'pageToken', message: string) {
    super(message);
    this.name = 'GeminiPageError';
  }
}

/**
 * A page of listGeminiModels as Google's models.list gives it (`pageSize`, `pageToken`), with `nextPageToken`
 * while more follow. The token holds the last model given and its place (`<index>:<name>`, base64url): the next
 * page starts after that model while it is listed (a model added or removed before it does not shift the pages),
 * else at its place (it was disabled or removed meanwhile: what followed it moved up into it). A token that is not
 * one of these, or names no listed model and holds no place (one of the first tokens, name alone), is refused.
 */
export function listGeminiModelPage(snapshot: CatalogSnapshot, pageSize: string | null, pageToken: string | null): { models: GeminiModelOut[]; nextPageToken?: string } {
  const { models } = listGeminiModels(snapshot);
  const size = pageSizeOf(pageSize);
  const start = pageToken !== null && pageToken !== '' ? pageStart(models, pageToken) : 0;
  const page = models.slice(start, start + size);
  const end = start + page.length;
  return end < models.length ? { models: page, nextPageToken: Buffer.from(`${end - 1}:${page.at(-1)!.name}`, 'utf8').toString('base64url') } : { models: page };
}

function pageStart(models: GeminiModelOut[], pageToken: string): number {
  const decoded = /^[A-Za-z0-9_-]+=*$/.test(pageToken) ? Buffer.from(pageToken, 'base64url').toString('utf8') : '';
  const placed = /^(\d+):(models\/.+)$/s.exec(decoded);
  const last = placed ? placed[2]! : decoded;
  const at = last === '' ? -1 : models.findIndex((m) => m.name === last);
  if (at >= 0) return at + 1;
  if (placed) return Math.min(Number(placed[1]), models.length);
  throw new GeminiPageError('pageToken', `pageToken '${pageToken}' is not a page of this list: send the nextPageToken of the page before`);
}

function pageSizeOf(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_PAGE_SIZE;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n)) throw new GeminiPageError('pageSize', `pageSize must be a whole number (got '${raw}')`);
  return n === 0 ? DEFAULT_PAGE_SIZE : Math.min(n, MAX_PAGE_SIZE);
}

/**
 * The models an alias can be routed to: those of its chain (members and their fallbacks), or every
 * model when it stands for a routing name (then the power level picks among them all).
 */
function aliasTargets(snapshot: CatalogSnapshot, alias: string, models: ModelEntry[]): ModelEntry[] {
  if (aliasRoutingName(alias, snapshot.rules.aliases) !== undefined) return models;
  const chain = new Set(expandChain([alias], snapshot).chain);
  return models.filter((m) => chain.has(m.id));
}

/** A model id's entry under another name (one routing resolves to it: a bare name, a dated one); undefined when it cannot serve. */
export function geminiModelAs(snapshot: CatalogSnapshot, name: string, modelId: string): GeminiModelOut | undefined {
  const model = snapshot.modelsById.get(modelId);
  return model && servable(snapshot).includes(model) ? modelOut(name, model) : undefined;
}

/** A name routing takes as a power level (a Gemini CLI model name no model carries): routed as a routing name is. */
export function geminiRoutedAs(snapshot: CatalogSnapshot, name: string, level: string): GeminiModelOut {
  return routedOut(name, servable(snapshot), `routed at the ${level} power level`);
}

/** One model by the name a client would send (a routing name, an alias, an id or a unique bare name). */
export function getGeminiModel(snapshot: CatalogSnapshot, name: string): GeminiModelOut | undefined {
  const models = servable(snapshot);
  if (ROUTING_NAMES.includes(name) || Object.prototype.hasOwnProperty.call(snapshot.rules.aliases, name)) {
    return listGeminiModels(snapshot).models.find((m) => m.name === `models/${name}`);
  }
  const byId = snapshot.modelsById.get(name);
  const ids = snapshot.modelsByName.get(name);
  const model = byId ?? (ids?.length === 1 ? snapshot.modelsById.get(ids[0]!) : undefined);
  return model && models.includes(model) ? modelOut(name, model) : undefined;
}
