// POST /v1/embeddings: same routing and failover as chat, non-streamed, OpenAI shape in and out.
import type { UpstreamError } from '../../core/canonical';
import { parseEmbeddingsRequest, formatEmbeddingsResponse } from '../../core/inbound/openai';
import { adapterFor } from '../../core/providers';
import { computeCostUsd } from '../../core/pricing';
import { estimateEmbeddingTokens } from '../../core/tokens';
import type { FailedAttempt } from '../../core/usage-record';
import { planRoute } from './plan';
import { asUpstreamError, parseUpstreamJson, readBodyText, sendUpstream } from './upstream-call';
import { exhausted, requestFault } from './failover';
import { ProxyError, idHeaders, sendJson } from './respond';
import type { ProxyCall } from './proxy-call';

export async function handleEmbeddings(call: ProxyCall, body: unknown): Promise<void> {
  const { deps } = call;
  const req = parseEmbeddingsRequest(body);
  call.usage.requestedModel = req.model;
  const snapshot = deps.catalog.snapshot();
  // routing needs only a rough size; an exact count is taken when the provider reports none
  const estimated = estimateEmbeddingTokens(req.input, 'fast');
  const plan = planRoute(call, snapshot, req.model, {
    estimatedInputTokens: estimated,
    maxOutputTokens: 0,
    capabilities: ['embeddings'],
    secretsFound: [],
  });
  const maxAttempts = Math.max(1, snapshot.rules.max_retries + 1);
  const failures: FailedAttempt[] = [];
  const errors: UpstreamError[] = [];
  for (const { model, provider } of plan.candidates) {
    if (failures.length >= maxAttempts || call.signal.aborted) break;
    const adapter = adapterFor(provider.format);
    call.usage.modelId = model.id;
    call.usage.providerId = provider.id;
    deps.health.beginAttempt(model.id, provider.id, Date.now());
    let apiKey: string | undefined;
    try {
      apiKey = await deps.catalog.providerKey(provider.id, call.userId);
      const httpReq = adapter.buildEmbeddingsRequest(req, { baseUrl: provider.baseUrl, modelName: model.modelName, apiKey, providerType: provider.type });
      const res = await sendUpstream(deps, adapter, httpReq, call.signal, snapshot.rules.timeout_ms);
      const text = await readBodyText(res.body, deps.maxUpstreamBodyBytes);
      const parsed = adapter.parseEmbeddingsResponse(parseUpstreamJson(text));
      const reported = parsed.usage.inputTokens > 0;
      const usage = reported ? parsed.usage : { inputTokens: estimateEmbeddingTokens(req.input), outputTokens: 0 };
      Object.assign(call.usage, {
        inputTokens: usage.inputTokens, outputTokens: 0, estimated: !reported,
        costUsd: computeCostUsd(model, usage), status: 200, failedAttempts: failures,
      });
      deps.health.recordSuccess(model.id, provider.id, Date.now());
      sendJson(call.res, 200, formatEmbeddingsResponse({ ...parsed, usage }, model.id, req.encodingFormat ?? 'float'), idHeaders(call.requestId, model.id));
      call.usage.ttfbMs = Date.now() - call.startedAt;
      return;
    } catch (err) {
      if (call.signal.aborted) break;
      const e = asUpstreamError(err, [apiKey]);
      failures.push({ model: model.id, kind: e.kind, status: e.status ?? null, message: e.message });
      errors.push(e);
      deps.health.recordFailure(model.id, provider.id, e.kind, Date.now(), e.retryAfterMs);
      if (!e.retryable) { call.usage.failedAttempts = failures; throw requestFault(e); }
    }
  }
  call.usage.failedAttempts = failures;
  if (plan.candidates.length === 0) {
    throw new ProxyError(503, 'overloaded_error', `No embeddings model can serve this request. ${plan.excluded.slice(0, 10).map((x) => `${x.model}: ${x.reason}`).join('; ')}`, {}, 'no_candidate');
  }
  throw exhausted(failures, errors);
}
