// A loopback Google Gemini API (v1beta REST) for tests: generateContent,
// streamGenerateContent?alt=sse, batchEmbedContents and models.list, with the fault injection
// every fake shares (see ./types). Shapes follow Google's documented responses, down to the
// `data: {...}\r\n\r\n` SSE framing and the key errors (403 without a key, 400 with a wrong one).
import http from 'node:http';
import { asksGoogleSearch, searchGrounding } from './fake-gemini-grounding';
import { chooseToolCall, type ToolTurn } from './fake-tool-call';
import { splitText } from './fake-pieces';
import { sendJson as sendAnyJson, serveFake, sleep, writeFlushed, type Exchange } from './fake-server';
import { DEFAULT_MODELS, DEFAULT_USAGE, type FakeProvider, type FakeProviderOptions, type FakeUsage } from './types';

const DEFAULT_TEXT = 'Hello from the fake gemini provider!';
const FAKE_THOUGHT_SIGNATURE = 'ZmFrZS10aG91Z2h0LXNpZ25hdHVyZQ==';
/** the thought summary a thinking fake answers first when asked for its thoughts (`thinks`) */
export const FAKE_THOUGHT = 'Thinking about how to greet.';

const RPC_STATUS: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission.'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  408: ['DEADLINE_EXCEEDED', 'Request timed out.'],
  409: ['ABORTED', 'The operation was aborted.'],
  429: ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
  500: ['INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  504: ['DEADLINE_EXCEEDED', 'The request timed out. Please try again.'],
};

type Json = Record<string, any>;

export function googleError(code: number, message?: string, status?: string, details?: Json[]): Json {
  const [rpc, text] = RPC_STATUS[code] ?? ['UNKNOWN', `HTTP ${code}`];
  return { error: { code, message: message ?? text, status: status ?? rpc, ...(details ? { details } : {}) } };
}

const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  sendAnyJson(res, status, body, JSON_TYPE);
}

function usageMetadata(u: FakeUsage): Json {
  const reasoning = u.reasoning ?? 0;
  const meta: Json = { promptTokenCount: u.input, candidatesTokenCount: u.output - reasoning, totalTokenCount: u.input + u.output };
  if (u.cached !== undefined) meta.cachedContentTokenCount = u.cached;
  if (u.reasoning !== undefined) meta.thoughtsTokenCount = u.reasoning;
  if (u.audio !== undefined) {
    meta.promptTokensDetails = [{ modality: 'TEXT', tokenCount: u.input - u.audio }, { modality: 'AUDIO', tokenCount: u.audio }];
  }
  if (u.imageOutput !== undefined || u.audioOutput !== undefined) {
    const image = u.imageOutput ?? 0;
    const audio = u.audioOutput ?? 0;
    meta.candidatesTokensDetails = [
      { modality: 'TEXT', tokenCount: u.output - reasoning - image - audio },
      ...(image > 0 ? [{ modality: 'IMAGE', tokenCount: image }] : []),
      ...(audio > 0 ? [{ modality: 'AUDIO', tokenCount: audio }] : []),
    ];
  }
  return meta;
}

/**
 * Google Search grounding's account on the candidate: for a request with the search tool, the documented metadata
 * (fake-gemini-grounding.ts); else `usage.webSearches` queries alone, as a cost test asks
 */
function grounding(u: FakeUsage | undefined, body: Json, text: string, options: FakeProviderOptions): Json {
  if (asksGoogleSearch(body)) return searchGrounding(body, text, options, u);
  const n = u?.webSearches ?? 0;
  if (n === 0) return {};
  const webSearchQueries = Array.from({ length: n }, (_, i) => `query ${i + 1}`);
  return { groundingMetadata: { webSearchQueries, groundingChunks: [{ web: { uri: 'https://example.com/', title: 'example.com' } }] } };
}

const partsOf = (c: Json | undefined): Json[] => (Array.isArray(c?.parts) ? c.parts : []);

/** What the tool rule reads from a generateContent request. */
function toolTurn(body: Json): ToolTurn {
  const contents: Json[] = Array.isArray(body.contents) ? body.contents : [];
  const declared: Json[] = (Array.isArray(body.tools) ? body.tools : []).flatMap((t: Json) => t?.functionDeclarations ?? []);
  const last = contents.findLast((c) => c?.role === 'user' || c?.role === undefined);
  return {
    offered: declared.map((d) => d?.name).filter((n): n is string => typeof n === 'string'),
    results: contents.reduce((n, c) => n + partsOf(c).filter((p) => p?.functionResponse !== undefined).length, 0),
    lastUserText: partsOf(last).map((p) => (typeof p?.text === 'string' ? p.text : '')).join(' '),
  };
}

/**
 * What generateContent refuses with 400 INVALID_ARGUMENT in `contents`: unknown roles, unpaired function
 * responses, and a model turn's function calls followed by a user turn without their responses (the same
 * 400, microsoft/vscode #299295: "Gemini models strictly require a 1:1 pairing").
 */
function contentsError(contents: unknown): string | undefined {
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  let calls = 0;
  for (const c of contents as Json[]) {
    if (c?.role !== undefined && c.role !== 'user' && c.role !== 'model') return 'Please use a valid role: user, model.';
    const parts = partsOf(c);
    const responses = parts.filter((p) => p?.functionResponse !== undefined).length;
    if ((responses > 0 || (calls > 0 && c.role !== 'model')) && responses !== calls) {
      return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
    }
    calls = c.role === 'model' ? parts.filter((p) => p?.functionCall !== undefined).length : 0;
  }
  return undefined;
}

/**
 * Gemini 3 refuses a current turn (everything after the last user message that is not only function
 * responses) whose model steps' first function call has no thoughtSignature (Google's "Thought
 * Signatures" page); its sentinel `skip_thought_signature_validator` passes.
 */
function signatureError(model: string, contents: Json[]): string | undefined {
  if (!/^gemini-(?:[3-9]|\d{2,})/.test(model)) return undefined;
  const turnStart = contents.findLastIndex((c) => c?.role !== 'model' && partsOf(c).some((p) => p?.functionResponse === undefined));
  for (const [i, c] of contents.entries()) {
    if (i <= turnStart || c?.role !== 'model') continue;
    const first = partsOf(c).find((p) => p?.functionCall !== undefined);
    if (first && typeof first.thoughtSignature !== 'string') {
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${first.functionCall.name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
  }
  return undefined;
}

const FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;

/** What generateContent refuses with 400 INVALID_ARGUMENT in `tools`: a function name it does not take. */
function functionNameError(tools: unknown): string | undefined {
  if (!Array.isArray(tools)) return undefined;
  for (const [i, t] of (tools as Json[]).entries()) {
    const decls: unknown = t?.functionDeclarations ?? t?.function_declarations;
    if (!Array.isArray(decls)) continue;
    for (const [j, d] of (decls as Json[]).entries()) {
      if (typeof d?.name === 'string' && !FUNCTION_NAME.test(d.name)) {
        return `* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n`;
      }
    }
  }
  return undefined;
}

/**
 * Before Gemini 3, function declarations beside JSON mode are refused (googleapis/python-genai#867);
 * Gemini 3 takes structured output with tools.
 */
function jsonWithToolsError(model: string, body: Json): string | undefined {
  if (/^gemini-(?:[3-9]|\d{2,})/.test(model)) return undefined;
  const declares = Array.isArray(body.tools) && (body.tools as Json[]).some((t) => Array.isArray(t?.functionDeclarations) && t.functionDeclarations.length > 0);
  const mime = body.generationConfig?.responseMimeType;
  return declares && mime === 'application/json' ? "Function calling with a response mime type: 'application/json' is unsupported" : undefined;
}

/**
 * Thoughts asked of a model that does not think unless asked (2.5 Flash-Lite; none before 2.5 think) with its
 * thinking left off (no budget, or 0): refused as Gemini refuses it (google-gemini/gemini-cli#1953).
 */
function thoughtsWithoutThinkingError(model: string, body: Json): string | undefined {
  const cfg = body.generationConfig?.thinkingConfig;
  if (cfg?.includeThoughts !== true || !/^gemini-(?:1\.|2\.0-|2\.5-flash-lite)/.test(model)) return undefined;
  if (cfg.thinkingBudget !== undefined && cfg.thinkingBudget !== 0) return undefined;
  return 'Unable to submit request because Thinking_config.include_thoughts is only enabled when thinking is enabled.';
}

/**
 * Gemini 3's thinkingLevel asked of a 2.x model, which thinks by budget, or a level the Gemini 3 model has not got
 * (Google's thinking docs: 3 Pro takes LOW and HIGH only, no Pro MINIMAL, nor Flash from 3.7): refused as Gemini
 * refuses it. The body in either spelling.
 */
function thinkingLevelError(model: string, body: Json): string | undefined {
  const config = body.generationConfig ?? body.generation_config;
  const thinking = config?.thinkingConfig ?? config?.thinking_config;
  const level = thinking?.thinkingLevel ?? thinking?.thinking_level;
  if (level === undefined) return undefined;
  if (/^gemini-2\./.test(model)) return 'Thinking level is not supported for this model.';
  const upper = String(level).toUpperCase();
  const refused = /^gemini-3-pro-preview/.test(model) ? !['LOW', 'HIGH'].includes(upper)
    : upper === 'MINIMAL' && /^gemini-(?:3\.\d+-pro|3\.[7-9]-flash(?!-lite))/.test(model);
  return refused ? `Thinking level ${upper} is not supported for this model. Please retry with other thinking level.` : undefined;
}

/** The candidate parts of each content chunk; non-streaming answers join them. */
function answerChunks(body: Json, options: FakeProviderOptions): Json[][] {
  const tool = chooseToolCall(toolTurn(body), options);
  if (tool) {
    const calls = options.parallelArgs ?? [JSON.parse(tool.args)];
    return calls.map((args, k) => [{ functionCall: { name: tool.name, args }, ...(k === 0 ? { thoughtSignature: FAKE_THOUGHT_SIGNATURE } : {}) }]);
  }
  const text = splitText(options.text ?? DEFAULT_TEXT, options.chunks ?? 5).map((t) => [{ text: t }]);
  const thought = options.thinks && body.generationConfig?.thinkingConfig?.includeThoughts === true ? [[{ text: FAKE_THOUGHT, thought: true }]] : [];
  return [...thought, ...(options.inlineData ? [[{ inlineData: options.inlineData }]] : []), ...text];
}

interface GeminiExchange extends Exchange {
  fake: FakeProvider;
}

function generateResponse(model: string, parts: Json[], usage: FakeUsage | undefined, id: string, body: Json, options: FakeProviderOptions): Json {
  const text = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
  const out: Json = {
    candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0, ...grounding(usage, body, text, options) }],
    modelVersion: model,
    responseId: id,
  };
  if (usage) out.usageMetadata = usageMetadata(usage);
  return out;
}

/** the candidate a `finish-reason` fault ends the answer with: its reason and message, no content of its own */
function endedCandidate(fault: { reason: string; message?: string }): Json {
  return { finishReason: fault.reason, ...(fault.message === undefined ? {} : { finishMessage: fault.message }), index: 0 };
}

/** what Google counts for an answer ended without output: the prompt */
const promptOnly = (u: FakeUsage | undefined): Json | undefined => (u ? { promptTokenCount: u.input, totalTokenCount: u.input } : undefined);

async function handleGenerate(x: GeminiExchange, model: string, body: Json, id: string): Promise<void> {
  const { res, fault } = x;
  const usage = fault?.kind === 'no-usage' ? undefined : x.fake.options.usage ?? DEFAULT_USAGE;
  if (fault?.kind === 'malformed-sse') return sendJson(res, 200, '{"candidates": [{"content": ');
  if (fault?.kind === 'finish-reason') {
    const parts = answerChunks(body, x.fake.options).slice(0, fault.afterChunks ?? 0).flat().reduce<Json[]>(mergeText, []);
    const candidate = { ...(parts.length > 0 ? { content: { parts, role: 'model' } } : {}), ...endedCandidate(fault) };
    return sendJson(res, 200, { candidates: [candidate], usageMetadata: promptOnly(usage), modelVersion: model, responseId: id });
  }
  const text = JSON.stringify(generateResponse(model, answerChunks(body, x.fake.options).flat().reduce<Json[]>(mergeText, []), usage, id, body, x.fake.options));
  if (fault?.kind === 'reset-mid-stream' || fault?.kind === 'stall') {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    await writeFlushed(res, text.slice(0, Math.floor(text.length / 2)));
    if (fault.kind === 'reset-mid-stream') {
      x.cut();
      res.socket?.destroy();
    }
    return;
  }
  sendJson(res, 200, text);
}

/** adjacent text parts (thoughts with thoughts) become one, as Gemini answers a non-streaming request */
function mergeText(acc: Json[], part: Json): Json[] {
  const prev = acc[acc.length - 1];
  if (prev && typeof prev.text === 'string' && typeof part.text === 'string' && prev.thought === part.thought) prev.text += part.text;
  else acc.push({ ...part });
  return acc;
}

async function handleStream(x: GeminiExchange, model: string, body: Json, id: string): Promise<void> {
  const { res, fault } = x;
  const usage = fault?.kind === 'no-usage' ? undefined : x.fake.options.usage ?? DEFAULT_USAGE;
  const chunks = answerChunks(body, x.fake.options);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (obj: unknown) => writeFlushed(res, `data: ${JSON.stringify(obj)}\r\n\r\n`);
  const limit = fault?.kind === 'reset-mid-stream' || fault?.kind === 'stall' ? fault.afterChunks
    : fault?.kind === 'finish-reason' ? fault.afterChunks ?? 0 : Infinity;
  for (let i = 0; i < chunks.length; i++) {
    if (res.destroyed) return;
    if (i >= limit) break;
    if (i > 0 && fault?.kind === 'chunk-delay') await sleep(fault.ms);
    const last = i === chunks.length - 1 && fault?.kind !== 'finish-reason';
    const chunk: Json = { candidates: [{ content: { parts: chunks[i], role: 'model' }, index: 0 }], modelVersion: model, responseId: id };
    const whole = chunks.flat().map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
    if (last) Object.assign(chunk.candidates[0], { finishReason: 'STOP' }, grounding(usage, body, whole, x.fake.options));
    // Google repeats a running usageMetadata on every chunk; the output count is final only at the end
    const running = x.fake.options.runningUsage;
    if (usage) chunk.usageMetadata = last ? usageMetadata(usage) : running ? usageMetadata(running) : { promptTokenCount: usage.input, totalTokenCount: usage.input };
    await send(chunk);
    if (fault?.kind === 'malformed-sse') {
      await writeFlushed(res, 'data: {"candidates": [{"content": {"parts": [{"text": "broken\r\n\r\n');
      break;
    }
  }
  if (fault?.kind === 'finish-reason') await send({ candidates: [endedCandidate(fault)], usageMetadata: promptOnly(usage), modelVersion: model, responseId: id });
  if (fault?.kind === 'stall') return;
  if (fault?.kind === 'reset-mid-stream') {
    x.cut();
    res.socket?.destroy();
    return;
  }
  res.end();
}

function embeddingVector(text: string, index: number): number[] {
  let h = 7;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 10007;
  return [index + 1, ...Array.from({ length: 7 }, (_, k) => ((h * (k + 3)) % 1000) / 1000)];
}

function handleEmbed(x: GeminiExchange, body: Json): void {
  const requests: Json[] = Array.isArray(body.requests) ? body.requests : [];
  if (requests.length === 0) return sendJson(x.res, 400, googleError(400, '* BatchEmbedContentsRequest.requests: must not be empty.'));
  // Google's documented limit on one batch
  if (requests.length > 100) return sendJson(x.res, 400, googleError(400, '* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch'));
  const embeddings = requests.map((r, i) => {
    const text = (r?.content?.parts ?? []).map((p: Json) => p?.text ?? '').join('');
    return { values: embeddingVector(text, i) };
  });
  sendJson(x.res, 200, { embeddings });
}

function handleListModels(x: GeminiExchange): void {
  const models = (x.fake.options.models ?? DEFAULT_MODELS).map((m) => ({
    name: `models/${m}`,
    version: '001',
    displayName: m,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'embedContent'],
  }));
  sendJson(x.res, 200, { models });
}

function authFailure(fake: FakeProvider, req: http.IncomingMessage): Json | undefined {
  const want = fake.options.apiKey;
  if (want === undefined) return undefined;
  const got = req.headers['x-goog-api-key'];
  if (got === undefined) {
    return googleError(403, 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.');
  }
  if (got === want) return undefined;
  return googleError(400, 'API key not valid. Please pass a valid API key.', 'INVALID_ARGUMENT', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
  ]);
}

async function route(x: GeminiExchange): Promise<void> {
  const { req, res, rec, fault, fake } = x;
  const denied = authFailure(fake, req);
  if (denied) return sendJson(res, denied.error.code, denied);

  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/v1beta/models') {
    if (fault?.kind === 'error-body-200') return sendJson(res, 200, googleError(503, fault.message));
    return handleListModels(x);
  }
  const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents)$/.exec(url.pathname);
  if (req.method !== 'POST' || !m) return sendJson(res, 404, googleError(404, `Method not found: ${req.method} ${url.pathname}`));
  const model = decodeURIComponent(m[1] as string);
  const method = m[2] as string;
  if (rec.body === undefined || typeof rec.body !== 'object') {
    return sendJson(res, 400, googleError(400, `Invalid JSON payload received. ${x.raw === '' ? 'Empty body.' : 'Unexpected token.'}`));
  }
  const body = rec.body as Json;
  const id = `fake-${Math.random().toString(36).slice(2, 14)}`;
  if (method === 'streamGenerateContent' && url.searchParams.get('alt') !== 'sse') {
    return sendJson(res, 400, googleError(400, 'This fake only streams with alt=sse.'));
  }
  if (fault?.kind === 'error-body-200') {
    const err = googleError(503, fault.message);
    if (method !== 'streamGenerateContent') return sendJson(res, 200, err);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`data: ${JSON.stringify(err)}\r\n\r\n`);
    return;
  }
  if (method === 'batchEmbedContents') return handleEmbed(x, body);
  const invalid = contentsError(body.contents) ?? signatureError(model, body.contents as Json[]) ?? jsonWithToolsError(model, body) ?? functionNameError(body.tools)
    ?? thoughtsWithoutThinkingError(model, body) ?? thinkingLevelError(model, body);
  if (invalid) return sendJson(res, 400, googleError(400, invalid));
  if (method === 'generateContent') return handleGenerate(x, model, body, id);
  return handleStream(x, model, body, id);
}

export async function startFakeGemini(opts: FakeProviderOptions = {}): Promise<FakeProvider> {
  const fake: FakeProvider = { url: '', port: 0, requests: [], faults: [], persistentFault: null, options: { ...opts }, close: async () => {} };
  await serveFake(fake, { basePath: '', jsonHeaders: JSON_TYPE, statusBody: googleError, handle: (x) => route({ ...x, fake }) });
  return fake;
}
