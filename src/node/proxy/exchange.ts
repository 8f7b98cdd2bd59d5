// The answer of one successful upstream call, to the client: JSON or a relayed stream. Usage is
// settled and recorded before the client's response ends.
import { UpstreamFailure, type InboundCodec, type InboundRead, type SseEvent, type UpstreamAdapter, type UpstreamApi, type Usage, type ToolNamesBack } from '../../core/canonical';
import { isOwnRuntime, type ModelEntry, type ProviderEntry } from '../../core/catalog';
import { serializeAnswer } from '../../core/forward-body';
import { priceUsage, rowTokens } from '../../core/pricing';
import { expectedAnswerTokens } from '../../core/routing';
import { boundWebSearches, checkReportedUsage, isCost, isSaneUsage, MAX_TOKENS_PER_REQUEST, scrubUsageJson } from '../../core/usage-sanity';
import { webSearchesAllowed } from '../../core/web-search-allowance';
import { estimateOutputTokens, estimateReadTokens } from '../tokens';
import { policyOf } from '../../core/error-policy';
import { namelessCallError } from '../../core/nameless-call';
import type { UpstreamResponse } from '../http/upstream-client';
import { relayStream } from './stream-relay';
import { closingUsageChunk } from './closing-usage-chunk';
import { OutputMeter } from './output-meter';
import { asksThinkingTokenCount } from '../../core/inbound/anthropic';
import { keepsReasoningDetails, noteCall, notingSignatures, type CallState } from './thought-signatures';
import { asksEncryptedReasoning, makerOf, noteEventMaker, noteOutputMakers } from './reasoning-makers';
import { isJsonObject } from '../../core/json-object';
import { parseUpstreamJson, readBodyText } from './upstream-call';
import { recordUsage, type ProxyCall } from './proxy-call';
import { abortedOutcome, ShuttingDown } from './shutdown';
import { billCutShort } from './cut-short';
import { idHeaders } from './respond';
import { chatEventKind, responsesEventKind, type ForwardKind } from '../../core/plain-delta';
import { refuseKeyEcho } from '../http/key-echo';
import { redactSecrets } from '../../core/redact';
import { byokOwner } from './provider-key';
import { goesSilentWhileGenerating, upstreamIdleMs } from './deps';
import { LOCAL_KEEP_ALIVE_MS } from './silence-keep-alive';
import { droppedHeaderValue, droppedReasoningName } from '../../core/inbound/dropped-names';
import { geminiServiceTier } from '../../core/providers/gemini';
import { splittingLeadingThink, withLeadingThinkSplit } from '../../core/think-tags';
import { strippingEchoedPrefix, withoutEchoedPrefix } from '../../core/providers/prefill';

export interface Exchange {
  call: ProxyCall;
  codec: InboundCodec;
  adapter: UpstreamAdapter;
  model: ModelEntry;
  provider: ProviderEntry;
  res: UpstreamResponse;
  /** the upstream speaks the client's own API: its answer goes out as it came */
  same: boolean;
  dropped: string[];
  read: InboundRead;
  /** the client's request body, as parsed (for body capture) */
  body: Record<string, unknown>;
  estimatedInputTokens: number;
  apiKey: string | undefined;
  /** the try's timeout_ms, counted from when it was sent: its answer must begin by then (a stream's content, or the model at work: stream-relay.ts) */
  deadline: { at: number; timeoutMs: number };
  /** translated: the tools went under other names than the client's, and its calls go back under the client's */
  toolNames?: ToolNamesBack;
  /** translated: the request offered the model tools of the client's to call (without any, no call comes) */
  offersTools?: boolean;
  /** translated: the prefill the provider's answer repeats first (providers/prefill.ts), left out of the client's */
  echoedPrefix?: string;
}

/** A translated answer's call that came with a signature (Gemini 3's), thinking (Claude's) or reasoning_details (OpenRouter's), kept for when the client sends the call back. */
function keepSignature(x: Exchange): (callId: string, state: CallState) => void {
  const { call } = x;
  return (callId, state) => call.deps.thoughtSignatures.keep(call.profile.id, callId, { ...state, providerId: x.provider.id, modelName: x.model.modelName });
}

/**
 * Only Gemini's, Claude's, OpenAI's Responses and OpenRouter's calls come with what the client's API has no place for,
 * and only when tools were offered: a stream's every event goes through the wrapper that looks for calls (~10% of
 * decoding a text event).
 */
export const keepsCallState = (x: Pick<Exchange, 'same' | 'adapter' | 'offersTools'> & { provider: Pick<ProviderEntry, 'type'> }): boolean =>
  !x.same && x.offersTools === true && (x.adapter.api !== 'chat' || keepsReasoningDetails(x.provider));

/**
 * Forwarded from a Responses upstream with encrypted reasoning asked for: the reasoning items of the answer noted as
 * this provider's and key's (reasoning-makers.ts); undefined otherwise, and nothing is looked at.
 */
function reasoningMade(x: Exchange): { output(output: unknown): void; event(data: string): void } | undefined {
  const store = x.call.deps.reasoningMakers;
  if (!store || !x.same || x.adapter.api !== 'responses' || !asksEncryptedReasoning(x.body)) return undefined;
  const profileId = x.call.profile.id;
  const maker = () => makerOf(x.provider.id, x.apiKey);
  return {
    output: (output) => noteOutputMakers(store, profileId, maker, output),
    event: (data) => noteEventMaker(store, profileId, maker, data),
  };
}

/** Forwarded: what sees each stream event on its way to the client (the codec's observer, the reasoning's makers). */
function forwardedEventWatch(x: Exchange): { onForwardedEvent?: (e: SseEvent) => void } {
  const observe = x.same ? x.codec.observeForwarded?.event : undefined;
  const made = reasoningMade(x);
  if (!made) return observe ? { onForwardedEvent: observe } : {};
  return {
    onForwardedEvent: (e) => {
      observe?.(e);
      made.event(e.data);
    },
  };
}

/** Same format in and out: stream events that may go out undecoded (stream-relay.ts forwardKind). */
const FORWARD_KIND: Partial<Record<UpstreamApi, (data: string) => ForwardKind>> = { chat: chatEventKind, responses: responsesEventKind };

/**
 * A server of one's own (Ollama, LM Studio, llama-server) may leave a local reasoning model's thinking in the
 * answer's text as a leading `<think>` block: translated, it goes to the client as thinking. Forwarded to a
 * chat client, the answer stays as the server sent it.
 */
const splitsThink = (x: Exchange): boolean => !x.same && x.adapter.api === 'chat' && isOwnRuntime(x.provider);

/** the profile whose own (BYOK) key was sent (what the provider says about that key is not the shared key's); undefined: the shared key */
const keyOwner = (x: Exchange): string | undefined => byokOwner(x.call, x.provider.id)?.id;

/** the model reasoned and the client's API has no place for it (translated): named, in the header when still unsent and in the row */
function noteDroppedReasoning(x: Exchange): void {
  const name = droppedReasoningName(x.codec.api);
  if (name !== undefined) noteDroppedParts(x, [name]);
}

/** translated: parts of the answer the client's API was given no form of (a Gemini image), named once each */
function noteDroppedParts(x: Exchange, names: readonly string[] | undefined): void {
  if (x.same || !names) return;
  for (const name of names) if (!x.dropped.includes(name)) x.dropped = [...x.dropped, name];
}

/**
 * What the client's API had no place for, told while its answer is written (a legacy functions client's calls past
 * the first): in the header when that is still to go, and in the usage row (a JSON answer's was filled already).
 */
function answerDropped(x: Exchange): (name: string) => void {
  return (name) => {
    noteDroppedParts(x, [name]);
    x.call.usage.dropped = x.dropped;
  };
}

function answerHeaders(x: Exchange): Record<string, string> {
  const headers = idHeaders(x.call.requestId, x.model.id);
  if (x.dropped.length > 0) headers['x-switchboard-dropped'] = droppedHeaderValue(x.dropped);
  return headers;
}

/**
 * An answer past maxUpstreamBodyBytes (readBodyText's invalid_output) was generated and billed whole: the try is
 * billed the prompt and, for the output, the bytes that came at 4 a token (the answer's length is unknown; at
 * least that much came), marked estimated, as a try cut short is (cut-short.ts).
 */
function billOversized(x: Exchange, err: unknown): void {
  if (!(err instanceof UpstreamFailure) || err.error.kind !== 'invalid_output' || err.error.billed !== undefined) return;
  err.error.billed = { inputTokens: x.estimatedInputTokens, outputTokens: Math.ceil(x.call.deps.maxUpstreamBodyBytes / 4) };
  err.error.billedEstimated = true;
}

export async function answerJson(x: Exchange): Promise<void> {
  const { call } = x;
  let text: string;
  try {
    text = await readBodyText(x.res.body, call.deps.maxUpstreamBodyBytes, x.deadline);
  } catch (err) {
    // the client left while the provider answered: it had the prompt (estimated, and said so), as a
    // stream cut short is billed; the output never arrived. The provider did answer: it is up.
    if (call.signal.aborted) {
      settleUsage(x, undefined, () => 0);
      call.deps.health.recordSuccess(x.model.id, x.provider.id, Date.now(), keyOwner(x));
    } else billOversized(x, err);
    throw err;
  }
  refuseKeyEcho(text, [x.apiKey]);
  const json = parseUpstreamJson(text);
  const answered = x.adapter.parseChatResponse(json, { forwarded: x.same });
  if (!x.same && answered.toolCalls.some((c) => c.name === '')) throw new UpstreamFailure(namelessCallError(answered));
  const unechoed = x.echoedPrefix === undefined ? answered : withoutEchoedPrefix(answered, x.echoedPrefix);
  const parsed = splitsThink(x) ? withLeadingThinkSplit(unechoed) : unechoed;
  if (x.same) x.codec.observeForwarded?.body(json);
  const made = reasoningMade(x);
  if (made && isJsonObject(json)) made.output(json.output);
  call.deps.health.recordSuccess(x.model.id, x.provider.id, Date.now(), keyOwner(x));
  if (parsed.reasoning) noteDroppedReasoning(x);
  noteDroppedParts(x, parsed.dropped);
  if (keepsCallState(x)) for (const c of parsed.toolCalls) noteCall(c, keepSignature(x));
  const usage = settleUsage(x, parsed.usage, () => {
    // answered later (background): until the provider says what it used, the row holds what an answer
    // is expected to cost, so the spend that budgets check counts it
    if (parsed.answeredLater) return expectedAnswerTokens(x.read.maxOutputTokens);
    let out = parsed.text + (parsed.reasoning ?? '');
    for (const c of parsed.toolCalls) out += c.name + c.arguments;
    return estimateOutputTokens(out);
  });
  // a forwarded answer keeps the provider's text, its usage cleared of counts no request can have
  const forwarded = usage === parsed.usage || parsed.usage === undefined ? text : scrubUsageJson(text);
  let body: string | Uint8Array = x.same && x.codec.rewriteForwarded ? x.codec.rewriteForwarded.body(forwarded) : forwarded;
  if (!x.same) {
    const answer = serializeAnswer(x.codec.formatResponse({ ...parsed, usage }, x.model.id, {
      includeThoughts: x.read.includeThoughts, legacyFunctions: x.read.legacyFunctions, toolNames: x.toolNames,
      thinkingTokenCount: asksThinkingTokenCount(x.read.passHeaders), onDropped: answerDropped(x),
    }), call.rawBody);
    body = 'body' in answer ? answer.body : answer.bytes;
  }
  call.usage.status = 200;
  call.usage.ttfbMs = Date.now() - call.startedAt;
  recordUsage(call);
  if (call.deps.usage.capturingBodies()) call.deps.usage.captureBodies(call.requestId, x.body, typeof body === 'string' ? body : capturedStart(body, call.deps.usage.bodyCaptureWindow()));
  if (call.res.headersSent || call.res.destroyed) return;
  call.res.writeHead(200, { 'content-type': 'application/json', 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length, ...answerHeaders(x) });
  call.res.end(body);
}

/** The first `chars` characters of an answer's bytes, and a few more: body capture reads no further (a UTF-8 character is at most 3 bytes a UTF-16 unit). */
function capturedStart(bytes: Uint8Array, chars: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, chars * 3 + 3)).toString('utf8');
}

export async function answerStream(x: Exchange): Promise<void> {
  const { call, adapter } = x;
  // counted at most once: for the stream's closing usage and for the row
  let inputEstimate: number | undefined;
  const estimateInput = (): number => (inputEstimate ??= estimateReadTokens(x.read));
  const transcript: string[] | undefined = call.deps.usage.capturingBodies() ? [] : undefined;
  const raw = adapter.createStreamDecoder({ forwarded: x.same });
  const unechoed = x.echoedPrefix === undefined ? raw : strippingEchoedPrefix(raw, x.echoedPrefix);
  const decoded = splitsThink(x) ? splittingLeadingThink(unechoed) : unechoed;
  // no wrapper on other translated streams' hot path
  const decoder = keepsCallState(x) ? notingSignatures(decoded, keepSignature(x)) : decoded;
  const meter = new OutputMeter();
  const out = await relayStream({
    output: meter,
    ...(transcript ? { transcript, transcriptChars: call.deps.usage.bodyCaptureWindow() } : {}),
    res: call.res,
    body: x.res.body,
    signal: call.signal,
    decoder,
    encoder: x.same ? null : x.codec.createStreamEncoder({
      id: call.requestId, servedModel: x.model.id, includeUsage: x.read.includeUsage, estimatedInputTokens: x.estimatedInputTokens,
      includeThoughts: x.read.includeThoughts, legacyFunctions: x.read.legacyFunctions, toolNames: x.toolNames,
      thinkingTokenCount: asksThinkingTokenCount(x.read.passHeaders), onDropped: answerDropped(x),
    }),
    // the events forwarded undecoded, read for the estimate when no usage came: a Responses decoder knows
    // which items it already counted whole (output_item.done), a fresh one would count them twice
    lateDecoder: () => decoder.forwardedDecoder?.() ?? adapter.createStreamDecoder({ forwarded: x.same }),
    codec: x.codec,
    estimateInputTokens: estimateInput,
    // written once the client is shown its first content: thinking before it, dropped, is known by then
    headers: (sofar) => {
      if (sofar.reasoning) noteDroppedReasoning(x);
      noteDroppedParts(x, decoder.droppedParts?.());
      return answerHeaders(x);
    },
    includeUsage: x.read.includeUsage,
    ...(x.same && x.adapter.api === 'chat' && x.read.includeUsage ? { holdUsagelessDone: true } : {}),
    startedAt: call.startedAt,
    secrets: [x.apiKey],
    maxEventBytes: call.deps.maxSseEventBytes,
    maxStreamBytes: call.deps.maxStreamBytes,
    // a client that reads nothing is given as long as a provider that sends nothing
    clientStallMs: call.deps.idleTimeoutMs,
    firstEventBy: x.deadline,
    hiddenThinkingMs: call.deps.hiddenThinkingMs,
    idleTimeoutMs: upstreamIdleMs(call.deps, x.provider),
    // Ollama and LM Studio say nothing while they generate a tool call: the client hears they are still at it
    // (not a Gemini client: older Gemini SDKs read an SSE stream as back-to-back `data:` blocks, a comment breaks them)
    ...(goesSilentWhileGenerating(x.provider) && x.codec.api !== 'gemini' ? { silentKeepAliveMs: call.deps.localKeepAliveMs ?? LOCAL_KEEP_ALIVE_MS } : {}),
    // a probe's stream holds nobody else back once it has begun; its end gives the verdict below
    onCommit: () => call.deps.health.recordAnswering(x.model.id, x.provider.id, Date.now(), keyOwner(x)),
    onOwnFault: (err) => call.deps.log(`proxy: internal error finishing the stream of ${call.usage.modelId}: ${redactSecrets(String((err as Error)?.stack ?? err), [x.apiKey])}`),
    ...(x.same && FORWARD_KIND[adapter.api] ? { forwardKind: FORWARD_KIND[adapter.api] } : {}),
    ...forwardedEventWatch(x),
    ...(x.same && x.codec.rewriteForwarded ? { rewriteForwarded: x.codec.rewriteForwarded.event } : {}),
  }).catch((err: unknown) => {
    // failed over before any content the client was shown: the figures the provider already stated (Anthropic's
    // message_start), its output never less than what was generated (thinking the client is shown nothing of,
    // arguments held for a name that never came)
    if (!call.signal.aborted) {
      meter.add(decoder.heldOutput?.() ?? '');
      const figures = (): Usage | undefined => failedOverFigures(decoder.runningUsage?.(), meter, estimateInput, outputBound(x));
      billCutShort(err, true, figures);
      billInvalidStream(err, figures, estimateInput);
    }
    throw err;
  });
  if (out.reasoning) noteDroppedReasoning(x);
  noteDroppedParts(x, decoder.droppedParts?.());
  call.usage.ttfbMs = out.ttfbMs;
  const aborted = call.signal.aborted ? abortedOutcome(call.signal) : null;
  // a client gone (or cut at shutdown) before the first byte got no answer at all
  call.usage.status = aborted && !call.res.headersSent ? aborted.status : 200;
  // cut short (the client left, the provider failed): the figures the provider already stated, if it did; a
  // usage that came (a server stating it on every chunk) is one of them, not the final count
  const cut = aborted !== null || out.error !== null;
  // arguments held for a name that had not come yet when the stream was cut were generated all the same
  if (cut) meter.add(decoder.heldOutput?.() ?? '');
  const stated = out.usage === undefined ? decoder.runningUsage?.() : cut ? out.usage : undefined;
  const recorded = settleUsage(x, cut ? undefined : out.usage, () => out.output.estimate(), estimateInput, stated);
  // the client asked for usage and the upstream sent none: it gets the row's figures before the [DONE] held back
  if (out.heldDone !== undefined && !cut && !call.res.destroyed) {
    const tail = closingUsageChunk(out.heldDone, recorded) + 'data: [DONE]\n\n';
    transcript?.push(tail);
    call.res.write(tail);
  }
  if (aborted) call.usage.errorKind = aborted.kind;
  else if (out.error) call.usage.errorKind = out.error.kind;
  // the provider answered 200: it is up, unless its stream then broke in a way that counts against it
  if (!call.signal.aborted && out.error && policyOf(out.error.kind).cooldown) {
    // its headers came: a timeout here (the stream went idle) is this model's, not every model's of the provider
    call.deps.health.recordFailure(x.model.id, x.provider.id, out.error.kind, Date.now(), undefined, { reachable: true, keyOwner: keyOwner(x) });
  } else call.deps.health.recordSuccess(x.model.id, x.provider.id, Date.now(), keyOwner(x));
  // cut at shutdown before its first byte: the client is still waiting, and is answered 503 (v1-routes) with this row
  if (aborted?.kind === 'shutdown' && !call.res.headersSent) throw new ShuttingDown();
  recordUsage(call);
  if (transcript) call.deps.usage.captureBodies(call.requestId, x.body, transcript.join(''));
  call.res.end();
}

/**
 * The most output a provider bills this request: what the request let each answer write (its max output tokens,
 * else the model's max output the catalog knows, and never more than the model's context window holds) times the
 * answers asked for (chat `n`, Gemini `candidateCount`), never past MAX_TOKENS_PER_REQUEST. An estimate of the text
 * relayed is held to it: a stream flooded until the stream limit cut it was billed tens of millions of tokens it
 * could never cost.
 */
function outputBound(x: Pick<Exchange, 'read' | 'model'>): number {
  const allowed = x.read.maxOutputTokens ?? x.model.maxOutputTokens ?? MAX_TOKENS_PER_REQUEST;
  const window = x.model.contextLength > 0 ? x.model.contextLength : MAX_TOKENS_PER_REQUEST;
  return Math.min(Math.min(allowed, window) * (x.read.choices ?? 1), MAX_TOKENS_PER_REQUEST);
}

/**
 * What a stream that failed over is billed: the provider's stated figures, their output raised to the estimate
 * of what it generated (a running count lags, and message_start states 1), as settleUsage bills a stream cut
 * short. Nothing stated and nothing generated: undefined, and the try is billed its estimated prompt (generate.ts).
 */
function failedOverFigures(stated: Usage | undefined, meter: OutputMeter, inputTokens: () => number, bound: number): Usage | undefined {
  const generated = meter.measuredChars > 0 ? Math.min(meter.estimate(), bound) : 0;
  if (stated) return { ...stated, outputTokens: Math.max(stated.outputTokens, generated) };
  return generated > 0 ? { inputTokens: inputTokens(), outputTokens: generated } : undefined;
}

/**
 * A stream that failed over on output that cannot be used (a tool call that never named its tool) was generated and
 * billed: the try is billed what failedOverFigures gives (the prompt and the output relayed or held, or the provider's
 * stated figures; nothing stated or generated, the prompt alone: the provider had it), marked estimated, unless its
 * error says what the provider billed. Stated figures no request can have are not taken: the prompt is billed instead.
 */
function billInvalidStream(err: unknown, figures: () => Usage | undefined, inputTokens: () => number): void {
  if (!(err instanceof UpstreamFailure) || err.error.kind !== 'invalid_output' || err.error.billed !== undefined) return;
  const usage = figures();
  err.error.billed = usage !== undefined && isSaneUsage(usage) ? usage : { inputTokens: inputTokens(), outputTokens: 0 };
  err.error.billedEstimated = true;
}

/**
 * The tier the Gemini API served a request on, from its `x-gemini-service-tier` header: a Priority
 * request past its limit is served (and billed) at Standard, and says so only there.
 */
function geminiServedTier(x: Exchange): string | undefined {
  if (x.adapter.api !== 'gemini') return undefined;
  const said = x.res.headers['x-gemini-service-tier'];
  return typeof said === 'string' ? geminiServiceTier(said.trim()) : undefined;
}

/**
 * Fill the usage row from the provider's figures, or estimate them (and say so) when it reported
 * none or numbers no request can have (1e300, negative, fractional).
 */
function settleUsage(
  x: Exchange, reported: Usage | undefined, estimatedOutput: () => number, inputTokens = () => estimateReadTokens(x.read), running?: Usage,
): Usage {
  const outputTokens = (): number => Math.min(estimatedOutput(), outputBound(x));
  const check = reported === undefined ? undefined : checkReportedUsage(reported);
  if (check && !check.ok) x.call.deps.log(`usage: ${x.model.id} reported ${check.problem}; recorded Switchboard's own estimate instead`);
  const trusted = check?.ok ? reported : undefined;
  const stated = running && checkReportedUsage(running).ok ? running : undefined;
  // a running count lags what was relayed by a chunk, and hidden thinking is in it but not in the text:
  // the larger of the two, the reasoning as stated
  const estimate: Usage = trusted ?? (stated
    ? { ...stated, outputTokens: Math.max(stated.outputTokens, outputTokens()) }
    : { inputTokens: inputTokens(), outputTokens: outputTokens() });
  // counts no request can have beside a cost the provider billed that can be (OpenRouter's usage.cost): the
  // tokens are estimated, the cost is still the provider's, which wins (the client is shown it too: scrubUsageJson)
  const billed = trusted === undefined && isCost(reported?.providerCostUsd) ? reported.providerCostUsd : undefined;
  // web searches only as many as the request offered the provider (none without a search tool): more are billed as the bound, estimated
  const allowed = webSearchesAllowed(x.codec.api, x.adapter.api, x.same, x.body);
  const bounded = boundWebSearches(billed === undefined ? estimate : { ...estimate, providerCostUsd: billed }, allowed);
  if (bounded.over) x.call.deps.log(`usage: ${x.model.id} reported ${estimate.webSearchCalls} web searches, more than the request allowed (${allowed}); billed ${allowed}`);
  writeUsage(x.call, x.model, x.provider, bounded.usage, trusted === undefined || bounded.over, x.dropped, geminiServedTier(x));
  return bounded.usage;
}

/**
 * The client left (or shutdown cut the request) once the prompt was on its way, before the provider's
 * headers came: a JSON answer's headers come with the whole answer, so this is the usual way to give up
 * on one. The provider had the prompt and bills it: estimated, and said so, as a cut stream is.
 */
export function billSentPrompt(call: ProxyCall, model: ModelEntry, provider: ProviderEntry, read: InboundRead, dropped: string[]): void {
  writeUsage(call, model, provider, { inputTokens: estimateReadTokens(read), outputTokens: 0 }, true, dropped, undefined);
}

function writeUsage(
  call: ProxyCall, model: ModelEntry, provider: ProviderEntry, usage: Usage, estimated: boolean, dropped: string[], tier: string | undefined,
): void {
  const u = call.usage;
  u.estimated = estimated;
  Object.assign(u, rowTokens(usage));
  u.webSearchCalls = usage.webSearchCalls ?? 0;
  Object.assign(u, priceUsage(model, tier === undefined ? usage : { ...usage, serviceTier: tier }, provider.type));
  u.dropped = dropped;
}
