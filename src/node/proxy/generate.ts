// Every generate endpoint (chat completions, messages, responses, Gemini generateContent) is this:
// read the body leniently, plan, then try candidates. Same format in and out forwards the client's
// body; another format gets the canonical translation, made once and only when needed.
import { droppedLogprobs } from '../../core/providers/logprobs';
import { droppedSealedThinkingName, inClientTerms } from '../../core/inbound/dropped-names';
import { cappedForwardBody, cappedMaxTokens, defaultMaxTokens } from '../../core/providers/output-cap';
import {
  RequestValidationError, UpstreamFailure, type CanonicalRequest, type ForwardContext, type InboundCodec, type InboundRead, type Translated, type UpstreamApi, type UpstreamTarget,
} from '../../core/canonical';
import { upstreamApiOf } from '../../core/catalog';
import { expectedAnswerTokens, needsCode, type PlannedCandidate } from '../../core/routing';
import { adapterForApi } from '../../core/providers';
import type { UpstreamHttpRequest } from '../../core/adapter-contracts';
import { runCandidates, type Attempt } from './candidates';
import { requestAffinity } from './conversation-affinity';
import { holdExpectedCost } from './in-flight';
import { planRoute, planRouteRechecking, readNeeds } from './plan';
import type { ProxyCall } from './proxy-call';
import { invalidRequestError } from './respond';
import { answerJson, answerStream, billSentPrompt, type Exchange } from './exchange';
import { byokOwner, readProviderKey } from './provider-key';
import { keepsReasoningDetails, keptFor, withKeptSignatures } from './thought-signatures';
import { clientThinkingCalls, withKeptReasoning, withKeptReasoningDetails, withKeptThinking, withoutOthersThinking } from './kept-thinking';
import { inTranslatedTerms, sendUpstream } from './upstream-call';
import { upstreamIdleMs } from './deps';
import { billCutShort } from './cut-short';
import { refusesThinkingSignature, withoutPutBackThinking } from './thinking-refused';
import { ENCRYPTED_REASONING, noteRefusedAgain, withoutEncryptedReasoning, withoutRefusedReasoning } from './reasoning-refused';
import { itemMakers, makerOf, type ItemMakers } from './reasoning-makers';
import { estimateReadTokens } from '../tokens';
import { webSearchesAllowed } from '../../core/web-search-allowance';
import { countsAsError } from '../../shared/counts-as-error';
import { droppedPrefill } from '../../core/providers/prefill';

export async function handleGenerate(call: ProxyCall, codec: InboundCodec, body: Record<string, unknown>, read: InboundRead): Promise<void> {
  const snapshot = call.deps.catalog.snapshot();
  const needs = readNeeds(read, codec.api, call.profile, snapshot);
  call.usage.requestedModel = read.model;
  call.usage.stream = read.stream;
  call.usage.routeNeeds = needsCode(needs);
  if (needs.maxOutputTokens !== undefined) call.usage.routeMaxOutput = needs.maxOutputTokens;
  const affinity = requestAffinity(call.deps.conversations, call.profile.id, read.model, codec.api, body, snapshot.version);
  const plan = await planRouteRechecking(call, snapshot, read.model, needs, affinity?.lookup);
  /** the model that answered (the last tried: a failed one is never remembered) */
  let served: string | undefined;
  let translated: Translated | undefined;
  const translate = (): Translated => (translated ??= toCanonical(codec, body));
  const hold = holdExpectedCost(call, plan, { inputTokens: needs.estimatedInputTokens, outputTokens: expectedAnswerTokens(needs.maxOutputTokens) });
  try {
    await runCandidates(call, plan, snapshot.rules, async (candidate, attempt) => {
      hold.cover(candidate.model);
      await tryCandidate(call, codec, body, read, candidate, attempt, translate, needs.estimatedInputTokens, plan.named);
      served = candidate.model.id;
    }, () => planRoute(call, call.deps.catalog.snapshot(), read.model, needs, affinity?.lookup), ({ model, provider }) => {
      const api = upstreamApiOf(provider, model);
      return webSearchesAllowed(codec.api, api, forwardsTo(codec, api), body);
    });
  } finally {
    // the row is recorded by now (or on the way out with the error): its cost counts instead
    hold.release();
  }
  // routing chose it, and it answered: the conversation's next request goes to it first (or still to the model
  // put first for the conversation, when that one failed and this one stood in)
  if (served !== undefined && plan.affinityLevel !== undefined && !countsAsError(call.usage.errorKind)) affinity?.remember(plan.affinityLevel, served, plan.affinityModel);
}

/** The upstream speaks the client's own API and the codec forwards: the client's body goes as it came. */
function forwardsTo(codec: InboundCodec, api: UpstreamApi): boolean {
  return api === codec.api && codec.forwards !== false;
}

/** A part the translation must carry but cannot read is the request's fault, whichever provider is next. */
function toCanonical(codec: InboundCodec, body: Record<string, unknown>): Translated {
  try {
    return codec.toCanonical(body);
  } catch (err) {
    if (err instanceof RequestValidationError) {
      throw invalidRequestError(err, { 'x-should-retry': 'false' });
    }
    throw err;
  }
}

/**
 * What the reasoning items of a forwarded Responses body are to this provider and key: known its own, or known
 * another's; undefined when none is known (nothing remembered yet, or no store), and the body is not walked; but
 * always (a store given) on a refusal, which is noted in it.
 */
function madeHere(call: ProxyCall, providerId: string, apiKey: string | undefined, refused = false): ItemMakers | undefined {
  const store = call.deps.reasoningMakers;
  return store && (refused || store.size > 0) ? itemMakers(store, call.profile.id, () => makerOf(providerId, apiKey)) : undefined;
}

async function tryCandidate(
  call: ProxyCall, codec: InboundCodec, body: Record<string, unknown>, read: InboundRead, { model, provider }: PlannedCandidate,
  attempt: Attempt, translate: () => Translated, estimatedInputTokens: number, named: string | undefined,
): Promise<void> {
  const api = upstreamApiOf(provider, model);
  const adapter = adapterForApi(api);
  const apiKey = await readProviderKey(call, provider.id, attempt);
  const target: UpstreamTarget = {
    baseUrl: provider.baseUrl,
    modelName: model.modelName,
    apiKey,
    providerType: provider.type,
    // the output room a format that requires max_tokens (Anthropic) gets when the client set none
    defaultMaxTokens: defaultMaxTokens(model.maxOutputTokens, model.contextLength, estimatedInputTokens, read.stream),
    reasoning: model.capabilities.has('reasoning'),
  };
  // Ollama and LM Studio refuse no max_tokens: they stop at their own limit (output-cap.ts)
  if (typeof model.maxOutputTokens === 'number' && provider.type !== 'ollama' && provider.type !== 'lmstudio') target.maxOutputTokens = model.maxOutputTokens;
  const same = forwardsTo(codec, api);
  let dropped: string[];
  let httpReq: UpstreamHttpRequest;
  let toolNames: Translated['toolNames'];
  let offersTools = false;
  /**
   * what was put back or replayed that the provider may refuse, and the try rebuilt without it, sent once more on that
   * refusal: Claude's signed thinking (a signature Anthropic no longer takes), OpenAI's encrypted reasoning another key made
   */
  let bare: { refused: (err: unknown) => boolean; rebuild: () => void; refusedAgain?: (err: unknown) => void } | undefined;
  /** the client set an output limit (else the one sent is a default Switchboard filled in: Anthropic requires one) */
  let clientsOutput: boolean;
  if (same) {
    const ctx: ForwardContext = { stream: read.stream };
    if (read.passHeaders) ctx.passHeaders = read.passHeaders;
    if (call.rawBody) ctx.raw = call.rawBody;
    if (model.id !== named) ctx.routed = true;
    if (codec.api === 'gemini') ctx.sealedThinking = read.sealedThinking === true;
    if (codec.api === 'messages') {
      ctx.ownSearch = read.ownSearch === true;
      ctx.namelessCall = read.namelessCall === true;
    }
    const instead = codec.forwardBodyFor?.(provider.id);
    // a model routing chose gets no more max_tokens than it writes, as a translated request; the one named goes as sent
    const capped = ctx.routed ? cappedForwardBody(codec.api, instead?.body ?? body, target) : undefined;
    let forward = capped?.body ?? instead?.body ?? body;
    const own = [...(instead?.dropped ?? []), ...(capped?.changed ?? [])];
    // encrypted reasoning known to be another provider's and key's: left out before it is refused (reasoning-makers.ts)
    const makers = api === 'responses' ? madeHere(call, provider.id, apiKey) : undefined;
    const mine = makers && withoutEncryptedReasoning(forward, (it) => !makers.others(it));
    if (mine) {
      forward = mine;
      own.push('input[type=reasoning]', ENCRYPTED_REASONING);
    }
    httpReq = adapter.buildForwardRequest(forward, target, ctx);
    dropped = own.length > 0 ? [...new Set([...own, ...(httpReq.dropped ?? [])])] : httpReq.dropped ?? [];
    if (api === 'responses') {
      // made only on the refusal (the body's items are not walked on every forward); the items known to be this
      // provider's and key's own go again, unless it refused one of them (reasoning-refused.ts)
      let unencrypted: Record<string, unknown> | undefined;
      // the refused item is noted even with nothing remembered before (after a restart)
      const noted = () => makers ?? madeHere(call, provider.id, apiKey, true);
      bare = {
        refused: (err) => (unencrypted = withoutRefusedReasoning(err, forward, noted())) !== undefined,
        rebuild: () => {
          httpReq = adapter.buildForwardRequest(unencrypted!, target, ctx);
          dropped = [...new Set([...own, ...(httpReq.dropped ?? []), 'input[type=reasoning]', ENCRYPTED_REASONING])];
        },
        refusedAgain: (err) => {
          const m = noted();
          if (m) noteRefusedAgain(err, unencrypted!, m);
        },
      };
    }
    clientsOutput = read.maxOutputTokens !== undefined;
  } else {
    const t = translate();
    toolNames = t.toolNames;
    offersTools = (t.request.tools?.length ?? 0) > 0;
    // Gemini's own calls coming back: with the signatures it gave them, which the client never saw; Claude's with the thinking before them
    const kept = call.deps.thoughtSignatures;
    const request = api === 'gemini' ? withKeptSignatures(t.request, keptFor(kept, call.profile.id, provider.id, model.modelName, 'signature'))
      : api === 'messages' ? withKeptThinking(withoutOthersThinking(t.request, model.id), keptFor(kept, call.profile.id, provider.id, model.modelName, 'thinking'))
      : api === 'responses' ? withKeptReasoning(t.request, keptFor(kept, call.profile.id, provider.id, model.modelName, 'reasoningItem'))
      : keepsReasoningDetails(provider) ? withKeptReasoningDetails(t.request, keptFor(kept, call.profile.id, provider.id, model.modelName, 'reasoningDetails')) : t.request;
    // the thinking the client sent back sealed goes only to the Messages API of the model that did it, and not on
    // the retry after Anthropic refused its signature: decided here, per attempt, so named here
    const thinkingName = droppedSealedThinkingName(codec.api);
    const thinkingSent = thinkingName === undefined ? 0 : clientThinkingCalls(t.request);
    const build = (r: CanonicalRequest): [UpstreamHttpRequest, string[]] => {
      const maxTokens = cappedMaxTokens(r.maxTokens, target);
      const built = adapter.buildChatRequest(maxTokens === r.maxTokens ? r : { ...r, maxTokens }, target);
      const lost = thinkingName !== undefined && thinkingSent > (api === 'messages' ? clientThinkingCalls(r) : 0) ? [thinkingName] : [];
      return [built, [...new Set([...t.dropped, ...inClientTerms(codec.api, [...droppedLogprobs(t.request), ...(built.dropped ?? [])], t.clientTerms), ...droppedPrefill(r, built), ...lost])]];
    };
    [httpReq, dropped] = build(request);
    clientsOutput = request.maxTokens !== undefined;
    const thinkingOff = api === 'messages' ? withoutPutBackThinking(request) : undefined;
    if (thinkingOff) bare = { refused: refusesThinkingSignature, rebuild: () => { [httpReq, dropped] = build(thinkingOff); } };
  }
  const sentAt = Date.now();
  let firstByteMs: number;
  let sent = false;
  /** the provider's headers came */
  let answered = false;
  try {
    let res;
    const send = () => sendUpstream(call.deps, adapter, httpReq, call.signal, attempt.budgetMs, [apiKey], provider.id, byokOwner(call, provider.id), () => {
      sent = true;
    }, upstreamIdleMs(call.deps, provider));
    try {
      try {
        res = await send();
      } catch (err) {
        // thinking put back that Anthropic will not take (a signature it no longer accepts), or reasoning another key
        // encrypted, would fail every step of the conversation alike: once more without it for this step
        if (!bare || !bare.refused(err) || call.signal.aborted) throw err;
        bare.rebuild();
        try {
          res = await send();
        } catch (again) {
          // the retry refused in turn: what it names is left out before the next turn's try
          bare.refusedAgain?.(again);
          throw again;
        }
      }
    } catch (err) {
      // gone while the provider worked on it (not while queued for a slot, nor when the provider refused it)
      const refused = err instanceof UpstreamFailure && err.error.status !== undefined;
      if (sent && call.signal.aborted && !refused) billSentPrompt(call, model, provider, read, dropped);
      // a provider's "too long" naming no sizes (OpenAI Responses') is told in Switchboard's: its estimate of the prompt and
      // the model's context_length when the estimate passes it; else no prompt size (none is known: a made-up one would
      // tell Claude Code to compact by a gap that is not the real one)
      if (err instanceof UpstreamFailure && err.error.sizelessOverflow && !err.error.overflow && model.contextLength > 0) {
        err.error.overflow = estimatedInputTokens > model.contextLength
          ? { needs: estimatedInputTokens, has: model.contextLength }
          : { needs: model.contextLength, has: model.contextLength, unsized: true };
      }
      // a provider's "too long" names the output room it was sent: where the client set no limit, it is worded as
      // the reserve kept for the answer (as Switchboard's own check words it), not as a max_tokens to lower; a
      // limit routing lowered stays the client's, with the number that was sent
      if (err instanceof UpstreamFailure && err.error.overflow && !clientsOutput) err.error.overflow = { ...err.error.overflow, reserved: true };
      throw err;
    }
    firstByteMs = Date.now() - sentAt;
    answered = true;
    attempt.headersStatus = res.statusCode;
    const deadline = { at: sentAt + attempt.budgetMs, timeoutMs: attempt.budgetMs };
    const exchange: Exchange = { call, codec, adapter, model, provider, res, same, dropped, read, body, estimatedInputTokens, apiKey, deadline };
    if (toolNames) exchange.toolNames = toolNames;
    if (offersTools) exchange.offersTools = true;
    if (httpReq.prefill?.echoed) exchange.echoedPrefix = httpReq.prefill.echoed;
    if (read.stream) await answerStream(exchange);
    else await answerJson(exchange);
  } catch (err) {
    // given up on (timeout_ms) or broken off once the provider had the prompt, and failed over: billed all the same
    if (sent && !call.signal.aborted) billCutShort(err, answered, () => ({ inputTokens: estimateReadTokens(read), outputTokens: 0 }));
    if (sent && err instanceof UpstreamFailure) err.error.sent = true;
    throw same && !codec.rebuilt ? err : inTranslatedTerms(err, same);
  }
  // only an answer counts: a failure a 200 carried (an error body, a stream opening with an error, a stream
  // broken off) is quick, not fast; a client that left (or a stream cut at shutdown) was answered all the same
  const failed = call.usage.errorKind;
  if (!countsAsError(failed)) call.deps.catalog.recordLatency(model.id, firstByteMs);
}
