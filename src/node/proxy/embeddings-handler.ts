// Embeddings, whatever API the client speaks: the same plan and candidate loop as generation,
// non-streamed. POST /v1/embeddings is OpenAI's shape in and out; the Gemini API's embedContent
// comes through serveEmbeddings too, forwarded as sent when a Gemini provider serves it.
import { UpstreamFailure, type CanonicalEmbeddingRequest, type CanonicalEmbeddingResponse, type UpstreamApi, type UpstreamHttpRequest, type UpstreamTarget } from '../../core/canonical';
import { upstreamApiOf } from '../../core/catalog';
import { embeddingsFieldsNotCarried, parseEmbeddingsRequest, formatEmbeddingsResponse } from '../../core/inbound/openai';
import { adapterFor } from '../../core/providers';
import { buildOpenAIEmbeddingsForwardRequest } from '../../core/providers/openai';
import { embeddingBatches, joinEmbeddingResponses } from '../../core/embedding-batches';
import { priceUsage } from '../../core/pricing';
import { decodeCl100k, estimateEmbeddingInputs, estimateEmbeddingTokens } from '../tokens';
import { isSaneUsage } from '../../core/usage-sanity';
import { detectSecretsInTexts, type SecretKind } from '../../core/privacy';
import { embeddingNeeds, needsCode, type RoutePlan } from '../../core/routing';
import { droppedHeaderValue } from '../../core/inbound/dropped-names';
import type { RoutingRules } from '../../shared/types';
import { planRoute, planRouteRechecking } from './plan';
import { notMoved, oneModelPlan, oneModelRouting, routesByLevel, sizeless } from './embeddings-model';
import { runCandidates } from './candidates';
import { holdExpectedCost, type CostHold } from './in-flight';
import { byokOwner, readProviderKey } from './provider-key';
import { firstByteTimeout, inTranslatedTerms, parseUpstreamJson, readBodyText, sendUpstream } from './upstream-call';
import { refuseKeyEcho } from '../http/key-echo';
import { idHeaders, ProxyError, sendJson } from './respond';
import { recordUsage, type ProxyCall } from './proxy-call';

export interface EmbeddingsCall {
  req: CanonicalEmbeddingRequest;
  /** what the canonical request could not carry (named in x-switchboard-dropped when translated) */
  dropped?: readonly string[];
  /** texts besides the input that the client's request sends upstream as it is forwarded (Gemini's titles): guarded too */
  alsoSent?: readonly string[];
  /**
   * the client's own API: a provider that speaks it gets the client's request as sent (`inputs`: the
   * batch of them to send, where the provider takes fewer in one request)
   */
  forward?: { api: UpstreamApi; build(target: UpstreamTarget, inputs?: { start: number; end: number }): UpstreamHttpRequest };
  /** the answer in the client's API (`forwarded`: from a provider of the client's own API) */
  format(res: CanonicalEmbeddingResponse, servedModel: string, forwarded: boolean): unknown;
}

export async function handleEmbeddings(call: ProxyCall, body: unknown): Promise<void> {
  const req = parseEmbeddingsRequest(body);
  const client = body as Record<string, unknown>;
  await serveEmbeddings(call, {
    req,
    dropped: embeddingsFieldsNotCarried(client),
    forward: { api: 'chat', build: (target) => buildOpenAIEmbeddingsForwardRequest(client, target) },
    format: (res, model, forwarded) => formatEmbeddingsResponse(res, model, req.encodingFormat ?? 'float', !forwarded),
  });
}

export async function serveEmbeddings(call: ProxyCall, e: EmbeddingsCall): Promise<void> {
  const { deps } = call;
  const { req } = e;
  call.usage.requestedModel = req.model;
  const snapshot = deps.catalog.snapshot();
  // each input must fit on its own: the longest is checked, as a chat prompt is (the estimate's exact budget
  // bounds the tokenizing), and one only the lenient estimate fits is tried where it may fit, the provider deciding
  const estimate = estimateEmbeddingInputs(req.input);
  // token ids are counted exactly, and only an OpenAI-format model takes them as sent (nothing turns them back into text)
  const tokenCounts = tokenInputCounts(req.tokens);
  const sum = tokenCounts.reduce((a, b) => a + b, 0);
  const longest = req.tokens ? tokenCounts.reduce((a, b) => Math.max(a, b), 0) : estimate.longest.tokens;
  const secrets = call.profile.privacyGuard === 'off' ? [] : req.tokens ? secretsInTokens(req.tokens) : detectSecretsInTexts([...req.input, ...(e.alsoSent ?? [])]);
  const needs = embeddingNeeds(req.tokens ? sum : estimate.total, longest, secrets);
  if (!req.tokens && estimate.longest.lenient < longest) needs.lenientLongestInputTokens = estimate.longest.lenient;
  if (req.tokens) needs.servableBy = ['chat'];
  call.usage.routeNeeds = needsCode(needs);
  const tokenInput = req.tokens !== undefined;
  // a power level's choice stays one model whatever the request's size, latencies, budget or the providers'
  // health (embeddings-model.ts)
  const oneModel = routesByLevel(call, snapshot, req.model);
  const plan = await (oneModel
    ? planRouteRechecking(call, snapshot, req.model, sizeless(needs), undefined, oneModelRouting(deps.health)).then((routed) => oneModelPlan(call, routed, needs))
    : planRouteRechecking(call, snapshot, req.model, needs))
    .catch((err: unknown) => { throw tokenInputError(estimatedOverflow(err, tokenInput), tokenInput); });
  // routed again when every model tried was on a local server found not running (as generation is); not when
  // held to one model (another would answer)
  const replan = oneModel ? undefined : (): RoutePlan => {
    try {
      return planRoute(call, deps.catalog.snapshot(), req.model, needs);
    } catch (err) {
      throw tokenInputError(estimatedOverflow(err, tokenInput), tokenInput);
    }
  };
  // held while it runs, as a generation is: a burst cannot all pass a nearly spent cap
  const hold = holdExpectedCost(call, plan, { inputTokens: needs.estimatedInputTokens, outputTokens: 0 });
  try {
    await runEmbeddings(call, e, plan, snapshot.rules, req.tokens ? sum : estimate.total, hold, replan)
      .catch((err: unknown) => { throw oneModel ? notMoved(err) : err; });
  } finally {
    hold.release();
  }
}

/** `counted`: the inputs' tokens by Switchboard's count, billed when the provider reports none */
async function runEmbeddings(call: ProxyCall, e: EmbeddingsCall, plan: RoutePlan, rules: RoutingRules, counted: number, hold: CostHold, replan: (() => RoutePlan) | undefined): Promise<void> {
  const { deps } = call;
  const { req } = e;
  await runCandidates(call, plan, rules, async ({ model, provider }, attempt) => {
    hold.cover(model);
    const adapter = adapterFor(provider.format);
    const apiKey = await readProviderKey(call, provider.id, attempt);
    const target = { baseUrl: provider.baseUrl, modelName: model.modelName, apiKey, providerType: provider.type };
    const same = e.forward !== undefined && upstreamApiOf(provider, model) === e.forward.api;
    const dropped = same ? [] : [...(e.dropped ?? [])];
    const sentAt = Date.now();
    const parts: CanonicalEmbeddingResponse[] = [];
    const tokenCount = tokenInputCounts(req.tokens).length;
    /** the inputs of the batches answered so far */
    let answered = 0;
    /** the length of the vectors answered so far (undefined: none yet) */
    let dimensions: number | undefined;
    /** the batch sent and not yet answered, [start, end) */
    let pending: [number, number] | undefined;
    try {
      // token ids (input empty) go only to OpenAI-format models, which set no limit: one batch
      for (const [start, end] of embeddingBatches(req.input.length, adapter.maxEmbeddingInputs)) {
        const whole = start === 0 && end === req.input.length;
        const httpReq = same
          ? e.forward!.build(target, whole ? undefined : { start, end })
          : adapter.buildEmbeddingsRequest(whole ? req : { ...req, input: req.input.slice(start, end) }, target);
        // one timeout_ms for the try, whatever number of batches it takes
        const left = sentAt + attempt.budgetMs - Date.now();
        if (left <= 0) throw firstByteTimeout(attempt.budgetMs, 'not its whole answer');
        for (const name of httpReq.dropped ?? []) if (!dropped.includes(name)) dropped.push(name);
        pending = [start, end];
        const res = await sendUpstream(deps, adapter, httpReq, call.signal, left, [apiKey], provider.id, byokOwner(call, provider.id))
          .catch((err: unknown) => { throw same ? err : inTranslatedTerms(err); });
        // an answer of many long vectors holds millions of numbers
        const text = await readBodyText(res.body, deps.maxUpstreamBodyBytes, { at: sentAt + attempt.budgetMs, timeoutMs: attempt.budgetMs }, true);
        refuseKeyEcho(text, [apiKey]);
        const part = checkedCount(adapter.parseEmbeddingsResponse(parseUpstreamJson(text)), req.tokens ? tokenCount : end - start);
        dimensions = checkedLengths(part, dimensions);
        parts.push(part);
        answered = end;
        pending = undefined;
      }
    } catch (err) {
      // an answer that is no answer (too large, malformed) came from a provider that had the batch: billed it too
      const had = pending === undefined || !(err instanceof UpstreamFailure) || err.error.kind !== 'invalid_output' ? 0
        : req.tokens ? counted : estimateEmbeddingTokens(req.input.slice(...pending));
      throw billFailedTry(err, parts, req.input.slice(0, answered), had);
    }
    const joined = joinEmbeddingResponses(parts);
    // Google normalizes only 3072-dimension vectors; an OpenAI client is promised unit length whatever it asked
    const parsed = !same && provider.format === 'gemini' && req.dimensions !== undefined && req.dimensions < 3072
      ? { ...joined, data: joined.data.map(unitLength) } : joined;
    deps.catalog.recordLatency(model.id, Date.now() - sentAt);
    deps.health.recordSuccess(model.id, provider.id, Date.now(), byokOwner(call, provider.id)?.id);
    const reported = parsed.usage.inputTokens > 0 && isSaneUsage(parsed.usage);
    const usage = reported ? parsed.usage : { inputTokens: counted, outputTokens: 0 };
    Object.assign(call.usage, {
      inputTokens: usage.inputTokens, outputTokens: 0, estimated: !reported,
      ...priceUsage(model, usage), status: 200, ttfbMs: Date.now() - call.startedAt, dropped,
    });
    recordUsage(call);
    const headers = idHeaders(call.requestId, model.id);
    if (dropped.length > 0) headers['x-switchboard-dropped'] = droppedHeaderValue(dropped);
    sendJson(call.res, 200, e.format({ ...parsed, usage }, model.id, same), headers);
  }, replan);
}

/**
 * A try that failed after the provider embedded something is billed it: the batches it had answered (a later one
 * failed), what their answers reported, else their texts estimated (Gemini's batchEmbedContents reports none); and
 * `had`, the estimated tokens of a batch whose answer was no answer (past maxUpstreamBodyBytes, malformed: the
 * provider had its inputs), as generation bills an oversized answer (exchange.ts). Estimates are marked so.
 */
function billFailedTry(err: unknown, parts: readonly CanonicalEmbeddingResponse[], texts: string[], had: number): unknown {
  if ((parts.length === 0 && had === 0) || !(err instanceof UpstreamFailure) || err.error.billed !== undefined) return err;
  const usage = joinEmbeddingResponses(parts).usage;
  const reported = usage.inputTokens > 0 && isSaneUsage(usage);
  if (reported && had === 0) err.error.billed = usage;
  else {
    const answered = parts.length === 0 ? 0 : reported ? usage.inputTokens : estimateEmbeddingTokens(texts);
    err.error.billed = { inputTokens: answered + had, outputTokens: 0 };
    err.error.billedEstimated = true;
  }
  return err;
}

/** An answer with another number of vectors than its batch had inputs gives no text its own: no answer. */
function checkedCount(res: CanonicalEmbeddingResponse, inputs: number): CanonicalEmbeddingResponse {
  if (res.data.length === inputs) return res;
  throw new UpstreamFailure({ kind: 'invalid_output', reachable: true, message: `upstream answered ${res.data.length} embeddings for ${inputs} inputs` });
}

/** `v` scaled to L2 norm 1 (a zero vector stays as it is). */
function unitLength(v: number[]): number[] {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm === 0 ? v : v.map((x) => x / norm);
}

/**
 * Vectors of one model for one request all have one length (`dimensions`: the earlier batches'); an answer mixing
 * lengths holds something that is not that model's vector: no answer. Returns the length.
 */
function checkedLengths(res: CanonicalEmbeddingResponse, dimensions: number | undefined): number | undefined {
  let want = dimensions;
  for (const v of res.data) {
    // a vector of no numbers is none, whatever the others' length (every adapter's parser refuses it too)
    if (v.length === 0) throw new UpstreamFailure({ kind: 'invalid_output', reachable: true, message: 'upstream answered an empty embedding' });
    want ??= v.length;
    if (v.length !== want) throw new UpstreamFailure({ kind: 'invalid_output', reachable: true, message: `upstream answered embeddings of different lengths (${want} and ${v.length})` });
  }
  return want;
}

/** tokens per input of a token-id request: one array of ids is one input */
function tokenInputCounts(tokens: CanonicalEmbeddingRequest['tokens']): number[] {
  if (tokens === undefined || tokens.length === 0) return [];
  return typeof tokens[0] === 'number' ? [tokens.length] : (tokens as number[][]).map((t) => t.length);
}

/**
 * Too long for every model by Switchboard's count of text inputs: an estimate (each provider counts with its own
 * tokenizer), worded as one, never as the count the provider would make. Token ids are counted exactly.
 */
function estimatedOverflow(err: unknown, tokenInput: boolean): unknown {
  if (tokenInput || !(err instanceof ProxyError) || err.overflow === undefined) return err;
  return new ProxyError(err.status, err.type, err.message, err.headers, err.kind, err.code, { ...err.overflow, estimated: true }, err.param, err.details);
}

/** A token-id request no OpenAI-format model could take: say so, rather than the generic format reason. */
function tokenInputError(err: unknown, tokenInput: boolean): unknown {
  if (tokenInput && err instanceof ProxyError && err.status === 400 && err.code === 'model_not_supported') {
    return new ProxyError(
      400, 'invalid_request_error',
      `Token-array inputs go only to OpenAI-format embeddings models, and none can serve this request (a Gemini model would need text): send the input as text, or set up an OpenAI-format embeddings model. ${err.message}`,
      err.headers, err.kind, err.code,
    );
  }
  return err;
}

/**
 * The privacy guard's scan of token-id inputs: it must see what the provider will read, so the ids are
 * read as cl100k_base text (what OpenAI's embeddings models and LangChain count with). Ids that are not
 * cl100k_base's cannot be read: they count as `unreadable_token_ids`, so a guarded profile's request stays
 * local (local_only) or is refused (block) rather than going out unseen.
 */
function secretsInTokens(tokens: number[] | number[][]): SecretKind[] {
  const lists = tokens.length > 0 && Array.isArray(tokens[0]) ? (tokens as number[][]) : [tokens as number[]];
  const texts: string[] = [];
  let unreadable = false;
  for (const ids of lists) {
    const text = decodeCl100k(ids);
    if (text === null) unreadable = true;
    else texts.push(text);
  }
  const found = detectSecretsInTexts(texts);
  return unreadable ? [...found, 'unreadable_token_ids'] : found;
}
