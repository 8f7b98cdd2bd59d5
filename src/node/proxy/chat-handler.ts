// POST /v1/chat/completions and /v1/messages: parse, route, try candidates in order, answer in
// the inbound API's format (streamed or not), and hand one usage row to the recorder.
import type { CanonicalRequest, CanonicalResponse, InboundCodec, Usage } from '../../core/canonical';
import { adapterFor } from '../../core/providers';
import { computeCostUsd } from '../../core/pricing';
import { estimateOutputTokens, estimateRequestTokens } from '../tokens';
import type { ModelEntry } from '../../core/catalog';
import { planRoute, requestNeeds } from './plan';
import { parseUpstreamJson, readBodyText, sendUpstream } from './upstream-call';
import { relayStream } from './stream-relay';
import { Attempts } from './attempts';
import { idHeaders, sendJson } from './respond';
import type { ProxyCall } from './proxy-call';

// Top-level Anthropic Messages fields forwarded when client and provider both speak Anthropic.
// Anything else a client adds stays here.
const ANTHROPIC_FIELDS = [
  'messages', 'system', 'max_tokens', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'service_tier',
] as const;

/**
 * Anthropic in, Anthropic out: send the client's own body (model swapped) so prompt-caching
 * `cache_control` marks, signed thinking blocks and server tools survive; the canonical form has
 * no room for them and Claude Code depends on them.
 */
function anthropicPassthroughBody(raw: Record<string, unknown>, modelName: string): string {
  const body: Record<string, unknown> = { model: modelName };
  for (const k of ANTHROPIC_FIELDS) if (raw[k] !== undefined) body[k] = raw[k];
  return JSON.stringify(body);
}

export async function handleChat(call: ProxyCall, codec: InboundCodec, canonical: CanonicalRequest, rawBody?: Record<string, unknown>): Promise<void> {
  const { deps } = call;
  const snapshot = deps.catalog.snapshot();
  const needs = requestNeeds(canonical, call.profile, snapshot);
  call.usage.requestedModel = canonical.model;
  call.usage.stream = canonical.stream;
  const plan = planRoute(call, snapshot, canonical.model, needs);
  const attempts = new Attempts(call, snapshot.rules);

  for (const { model, provider } of plan.candidates) {
    const remaining = attempts.nextBudgetMs();
    if (remaining === null) break;
    const adapter = adapterFor(provider.format);
    attempts.begin(model, provider);
    const passthrough = rawBody !== undefined && codec.api === 'anthropic' && provider.format === 'anthropic';
    // OpenAI in and out: the request is rebuilt (provider quirks), but stream events go out as the provider sent them
    const sameStreamFormat = passthrough || (codec.api === 'openai' && provider.format === 'openai');
    let apiKey: string | undefined;
    try {
      apiKey = await deps.catalog.providerKey(provider.id, call.userId, remaining);
      const httpReq = adapter.buildChatRequest(canonical, {
        baseUrl: provider.baseUrl,
        modelName: model.modelName,
        apiKey,
        providerType: provider.type,
        defaultMaxTokens: defaultMaxTokens(model),
      });
      if (passthrough) httpReq.body = anthropicPassthroughBody(rawBody, model.modelName);
      const sentAt = Date.now();
      const res = await sendUpstream(deps, adapter, httpReq, call.signal, remaining, [apiKey]);
      deps.catalog.recordLatency(model.id, Date.now() - sentAt);
      const headers = idHeaders(call.requestId, model.id);
      if (canonical.stream) {
        const out = await relayStream({
          res: call.res, body: res.body, adapter, codec, headers, requestId: call.requestId,
          servedModel: model.id, includeUsage: canonical.includeUsage, startedAt: call.startedAt, secrets: [apiKey],
          maxEventBytes: deps.maxUpstreamBodyBytes, passthrough: sameStreamFormat,
          plainEvent: sameStreamFormat && provider.format === 'openai' ? isPlainOpenAIDelta : undefined,
        });
        call.usage.ttfbMs = out.ttfbMs;
        settleUsage(call, model, out.usage, canonical, out.outputText);
        if (out.error) {
          call.usage.errorKind = call.signal.aborted ? 'client_disconnect' : out.error.kind;
          deps.health.recordFailure(model.id, provider.id, out.error.kind, Date.now());
        } else deps.health.recordSuccess(model.id, provider.id, Date.now());
        call.usage.status = 200;
        return;
      }
      const text = await readBodyText(res.body, deps.maxUpstreamBodyBytes);
      const json = parseUpstreamJson(text);
      const parsed = adapter.parseChatResponse(json);
      deps.health.recordSuccess(model.id, provider.id, Date.now());
      const usage = settleUsage(call, model, parsed.usage, canonical, responseText(parsed));
      call.usage.status = 200;
      const answer = passthrough ? { ...(json as object), model: model.id } : codec.formatResponse({ ...parsed, usage }, model.id);
      sendJson(call.res, 200, answer, headers);
      call.usage.ttfbMs = Date.now() - call.startedAt;
      return;
    } catch (err) {
      if (call.signal.aborted) break;
      attempts.fail(model, provider, err, [apiKey]);
    }
  }
  throw attempts.finalError(plan, 'model');
}

/**
 * A chat.completion.chunk that only carries a delta: no finish reason, usage, tool call or error.
 * Cheap substring tests; anything they are unsure of is decoded as usual.
 */
export function isPlainOpenAIDelta(data: string): boolean {
  // finish_reason sits near the end of a chunk: search backwards. An error chunk has no choices.
  const f = data.lastIndexOf('"finish_reason":');
  return f !== -1 && data.startsWith('null', f + 16) && !data.includes('"usage":{') && !data.includes('"tool_calls"');
}

function defaultMaxTokens(model: ModelEntry): number {
  return Math.min(model.maxOutputTokens ?? 4096, 8192);
}

function responseText(r: CanonicalResponse): string {
  let t = r.text + (r.reasoning ?? '');
  for (const c of r.toolCalls) t += c.name + c.arguments;
  return t;
}

/** Fill the usage row from the provider's figures, or estimate them (and say so) when it reported none. */
function settleUsage(call: ProxyCall, model: ModelEntry, reported: Usage | undefined, req: CanonicalRequest, outputText: string): Usage {
  const usage: Usage = reported ?? { inputTokens: estimateRequestTokens(req), outputTokens: estimateOutputTokens(outputText) };
  const u = call.usage;
  u.estimated = reported === undefined;
  u.inputTokens = usage.inputTokens;
  u.cachedInputTokens = usage.cachedInputTokens ?? 0;
  u.cacheCreationInputTokens = usage.cacheCreationInputTokens ?? 0;
  u.outputTokens = usage.outputTokens;
  u.reasoningTokens = usage.reasoningTokens ?? 0;
  u.costUsd = computeCostUsd(model, usage);
  return usage;
}
