// What a local server says of a model discovery adds: its context window and what it can do.
// Ollama: POST {root}/api/show {model} -> `capabilities` (completion, tools, vision, embedding, thinking; JSON with completion),
// `model_info["<general.architecture>.context_length"]` (what it was trained for) and `parameters` (its
// Modelfile's `num_ctx`, if set); GET {root}/api/ps -> `models[]` of {name, context_length}: the context a
// loaded model runs with. Ollama runs a model with num_ctx, else its server default (docs.ollama.com/context-length:
// 4k under 24 GiB of VRAM, raised with OLLAMA_CONTEXT_LENGTH), not the trained length, and its /v1 API takes no
// num_ctx per request: a longer prompt is cut silently, so the context recorded is the one it runs with.
// A cloud model (Ollama 0.12+, `gpt-oss:120b-cloud`) is not run here: the daemon forwards its prompts to
// ollama.com, and /api/show says so with `remote_host` ("https://ollama.com:443") and `remote_model`; its
// model_info's context_length is the one ollama.com runs it with (no num_ctx or local default applies).
// LM Studio 0.4+: GET {root}/api/v1/models -> `models[]` of {key, type: llm|embedding, max_context_length,
// capabilities: {vision, trained_for_tool_use}, loaded_instances[] of {id, config: {context_length}}}; older
// ones (0.3.6+): GET {root}/api/v0/models -> `data[]` of {id, type: llm|vlm|embeddings, state, max_context_length,
// loaded_context_length (while loaded), capabilities: ["tool_use"] (0.3.x later releases)}. The v1 list is asked
// first, the v0 one when v1 says nothing. LM Studio refuses a prompt longer than the context a model is LOADED
// with (often 4096, far below max_context_length), so a loaded model's context is that one (its smallest
// instance's); a model not loaded is recorded with max_context_length (what it is loaded with on demand is
// its load settings', which no API tells).
// Bounded: a few calls at a time, a short timeout each; anything that fails or says nothing leaves the
// model to the defaults discovery used before.
import type { Capability } from '../../shared/types';
import type { UpstreamHttpRequest } from '../../core/canonical';
import type { UpstreamResponse } from '../http/upstream-client';
import { readBodyText } from '../proxy/upstream-call';
import { isJsonObject } from '../../core/json-object';

export interface LocalModelInfo {
  context_length?: number;
  capabilities?: Capability[];
  /** LM Studio: context_length is the context the model is loaded with now (not its maximum) */
  loaded?: boolean;
  /** Ollama: a cloud model, which the daemon forwards to another host (ollama.com): not local, not free */
  remote?: boolean;
}

const contextOf = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 100_000_000 ? v : undefined;

const saysText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** Ollama's default context where neither the model nor the running server says another (the smallest it picks by VRAM). */
export const OLLAMA_DEFAULT_CONTEXT = 4096;

/** `num_ctx` among an Ollama Modelfile's `parameters` ("num_ctx    8192\nstop ..."). */
function numCtxOf(parameters: unknown): number | undefined {
  if (typeof parameters !== 'string') return undefined;
  const m = /(?:^|\n)\s*num_ctx\s+(\d+)\s*(?:\n|$)/.exec(parameters);
  return m ? contextOf(Number(m[1])) : undefined;
}

/**
 * An Ollama `/api/show` answer, read. The context is the one the model runs with: its `num_ctx`, else
 * `running` (what /api/ps says of it loaded), else Ollama's default; never more than it was trained for.
 * A cloud model's (`remote_host`) is the one model_info states: ollama.com runs it, not this daemon.
 */
export function ollamaShowInfo(body: unknown, running?: number): LocalModelInfo {
  if (!isJsonObject(body)) return {};
  const out: LocalModelInfo = {};
  const info = isJsonObject(body.model_info) ? body.model_info : undefined;
  const arch = info?.['general.architecture'];
  const trained = info && typeof arch === 'string' ? contextOf(info[`${arch}.context_length`]) : undefined;
  if (saysText(body.remote_host) || saysText(body.remote_model)) {
    out.remote = true;
    if (trained !== undefined) out.context_length = trained;
  } else {
    const set = numCtxOf(body.parameters) ?? running;
    if (set !== undefined || trained !== undefined) out.context_length = Math.min(trained ?? Infinity, set ?? OLLAMA_DEFAULT_CONTEXT);
  }
  if (Array.isArray(body.capabilities)) {
    const said = new Set(body.capabilities.filter((c): c is string => typeof c === 'string'));
    const caps: Capability[] = [];
    if (said.has('completion')) caps.push('chat');
    if (said.has('completion') && said.has('tools')) caps.push('tools');
    if (said.has('completion') && said.has('vision')) caps.push('vision');
    if (said.has('completion') && said.has('thinking')) caps.push('reasoning');
    // its OpenAI-compatible API takes response_format for any model that generates: json_object (JSON
    // mode) and json_schema (structured outputs, since 0.5), held to them by its grammar-constrained sampler
    if (said.has('completion')) caps.push('json');
    if (said.has('embedding')) caps.push('embeddings');
    if (caps.length > 0) out.capabilities = caps;
  }
  return out;
}

/**
 * One LM Studio entry, either API's: a chat model (with tools, vision as said; JSON: its server holds any chat
 * model to a json_schema, and JSON mode is sent to it so, quirks.ts), an embeddings one, or neither.
 */
function lmStudioInfo(
  maxContext: unknown, loadedContext: number | undefined, kind: 'chat' | 'embeddings' | null, tools: boolean, vision: boolean,
): LocalModelInfo {
  const info: LocalModelInfo = {};
  const max = contextOf(maxContext);
  if (loadedContext !== undefined) {
    info.context_length = Math.min(loadedContext, max ?? Infinity);
    info.loaded = true;
  } else if (max !== undefined) info.context_length = max;
  if (kind === 'embeddings') info.capabilities = ['embeddings'];
  else if (kind === 'chat') info.capabilities = ['chat', ...(tools ? ['tools' as const] : []), ...(vision ? ['vision' as const] : []), 'json'];
  return info;
}

/** An LM Studio `/api/v0/models` answer, read: model id -> what it says. */
export function lmStudioListing(body: unknown): Map<string, LocalModelInfo> {
  const out = new Map<string, LocalModelInfo>();
  const data = isJsonObject(body) && Array.isArray(body.data) ? body.data : [];
  for (const m of data) {
    if (!isJsonObject(m) || typeof m.id !== 'string') continue;
    const kind = m.type === 'llm' || m.type === 'vlm' ? 'chat' : m.type === 'embeddings' ? 'embeddings' : null;
    const tools = Array.isArray(m.capabilities) && m.capabilities.includes('tool_use');
    const loaded = m.state === 'loaded' ? contextOf(m.loaded_context_length) : undefined;
    out.set(m.id, lmStudioInfo(m.max_context_length, loaded, kind, tools, m.type === 'vlm'));
  }
  return out;
}

/**
 * An LM Studio 0.4+ `/api/v1/models` answer, read: model key (and each loaded instance's id, which
 * the OpenAI-compatible list may show instead, e.g. `key:2`) -> what it says.
 */
export function lmStudioV1Listing(body: unknown): Map<string, LocalModelInfo> {
  const out = new Map<string, LocalModelInfo>();
  const models = isJsonObject(body) && Array.isArray(body.models) ? body.models : [];
  for (const m of models) {
    if (!isJsonObject(m) || typeof m.key !== 'string') continue;
    const kind = m.type === 'llm' ? 'chat' : m.type === 'embedding' ? 'embeddings' : null;
    const caps = isJsonObject(m.capabilities) ? m.capabilities : {};
    const instances = (Array.isArray(m.loaded_instances) ? m.loaded_instances : []).filter(isJsonObject);
    // the key routes to any loaded instance: the smallest context is the one a prompt surely fits
    const contexts = instances.map((i) => contextOf(isJsonObject(i.config) ? i.config.context_length : undefined)).filter((c) => c !== undefined);
    const smallest = contexts.length > 0 ? Math.min(...contexts) : undefined;
    const tools = caps.trained_for_tool_use === true;
    const vision = caps.vision === true;
    out.set(m.key, lmStudioInfo(m.max_context_length, smallest, kind, tools, vision));
    for (const inst of instances) {
      if (typeof inst.id !== 'string' || out.has(inst.id)) continue;
      // an instance's own id (`key:2`) reaches that instance only
      const own = contextOf(isJsonObject(inst.config) ? inst.config.context_length : undefined);
      out.set(inst.id, lmStudioInfo(m.max_context_length, own ?? smallest, kind, tools, vision));
    }
  }
  return out;
}

/** `http://host:11434/v1` -> `http://host:11434`: the native API sits beside the OpenAI-compatible one. */
export function nativeRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export const LOCAL_INFO_TIMEOUT_MS = 3_000;
export const LOCAL_INFO_CONCURRENCY = 4;

type Send = (req: UpstreamHttpRequest, opts: { headersTimeoutMs: number; bodyTimeoutMs: number }) => Promise<UpstreamResponse>;

async function getJson(send: Send, req: UpstreamHttpRequest, timeoutMs: number): Promise<unknown> {
  const res = await send(req, { headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs });
  // a server that sends headers and then trickles its body still ends here within the timeout
  const timer = setTimeout(() => res.body.destroy(new Error('timeout')), timeoutMs);
  let text: string;
  try {
    text = await readBodyText(res.body, 4 * 1024 * 1024);
  } finally {
    clearTimeout(timer);
  }
  if (res.statusCode !== 200) return undefined;
  return JSON.parse(text);
}

/** Ollama's loaded models and the context each runs with (GET /api/ps); empty where it says nothing. */
export async function ollamaRunning(send: Send, root: string, headers: Record<string, string>, timeoutMs: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    const body = await getJson(send, { url: `${root}/api/ps`, method: 'GET', headers }, timeoutMs);
    const models = isJsonObject(body) && Array.isArray(body.models) ? body.models : [];
    for (const m of models) {
      const ctx = isJsonObject(m) ? contextOf(m.context_length) : undefined;
      if (ctx !== undefined && typeof m.name === 'string') out.set(m.name, ctx);
    }
  } catch {
    // an Ollama before /api/ps gave context_length, or a slow one
  }
  return out;
}

/**
 * What the local server says of each name (absent: it said nothing usable). Only Ollama and LM Studio
 * are asked; every other type gets an empty map.
 */
export async function localModelInfo(
  send: Send, providerType: string, baseUrl: string, names: readonly string[],
  opts: { timeoutMs?: number; concurrency?: number; headers?: Record<string, string> } = {},
): Promise<Map<string, LocalModelInfo>> {
  const headers = opts.headers ?? {};
  const timeoutMs = opts.timeoutMs ?? LOCAL_INFO_TIMEOUT_MS;
  const out = new Map<string, LocalModelInfo>();
  if (names.length === 0) return out;
  const root = nativeRoot(baseUrl);
  if (providerType === 'lmstudio') {
    const ask = async (path: string, read: (body: unknown) => Map<string, LocalModelInfo>): Promise<Map<string, LocalModelInfo>> => {
      try {
        return read(await getJson(send, { url: `${root}${path}`, method: 'GET', headers }, timeoutMs));
      } catch {
        return new Map(); // an LM Studio without this API, or a slow one
      }
    };
    let listing = await ask('/api/v1/models', lmStudioV1Listing);
    if (listing.size === 0) listing = await ask('/api/v0/models', lmStudioListing);
    for (const n of names) {
      const info = listing.get(n);
      if (info) out.set(n, info);
    }
    return out;
  }
  if (providerType !== 'ollama') return out;
  const running = await ollamaRunning(send, root, headers, timeoutMs);
  const queue = [...names];
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      try {
        const body = await getJson(send, {
          url: `${root}/api/show`, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ model: name }),
        }, timeoutMs);
        const info = ollamaShowInfo(body, running.get(name) ?? (name.includes(':') ? undefined : running.get(`${name}:latest`)));
        if (info.context_length !== undefined || info.capabilities !== undefined || info.remote) out.set(name, info);
      } catch {
        // this model keeps the defaults
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? LOCAL_INFO_CONCURRENCY, names.length) }, worker));
  return out;
}
