// POST /v1/embeddings: same routing and failover as chat, non-streamed, OpenAI shape in and out.
import { parseEmbeddingsRequest, formatEmbeddingsResponse } from '../../core/inbound/openai';
import { adapterFor } from '../../core/providers';
import { computeCostUsd } from '../../core/pricing';
import { estimateEmbeddingTokens } from '../tokens';
import { detectSecretsInTexts } from '../../core/privacy';
import { embeddingNeeds } from '../../core/routing';
import { planRoute } from './plan';
import { parseUpstreamJson, readBodyText, sendUpstream } from './upstream-call';
import { Attempts } from './attempts';
import { idHeaders, sendJson } from './respond';
import type { ProxyCall } from './proxy-call';

export async function handleEmbeddings(call: ProxyCall, body: unknown): Promise<void> {
  const { deps } = call;
  const req = parseEmbeddingsRequest(body);
  call.usage.requestedModel = req.model;
  const snapshot = deps.catalog.snapshot();
  // routing needs only a rough size (each input must fit on its own); an exact count is taken
  // when the provider reports none
  let longest = 0;
  for (const text of req.input) longest = Math.max(longest, estimateEmbeddingTokens([text], 'fast'));
  const secrets = call.profile.privacyGuard === 'off' ? [] : detectSecretsInTexts(req.input);
  const plan = planRoute(call, snapshot, req.model, embeddingNeeds(estimateEmbeddingTokens(req.input, 'fast'), longest, secrets));
  const attempts = new Attempts(call, snapshot.rules);
  for (const { model, provider } of plan.candidates) {
    const remaining = attempts.nextBudgetMs();
    if (remaining === null) break;
    const adapter = adapterFor(provider.format);
    attempts.begin(model, provider);
    let apiKey: string | undefined;
    try {
      apiKey = await deps.catalog.providerKey(provider.id, call.userId, remaining);
      const httpReq = adapter.buildEmbeddingsRequest(req, { baseUrl: provider.baseUrl, modelName: model.modelName, apiKey, providerType: provider.type });
      const res = await sendUpstream(deps, adapter, httpReq, call.signal, remaining, [apiKey]);
      const text = await readBodyText(res.body, deps.maxUpstreamBodyBytes);
      const parsed = adapter.parseEmbeddingsResponse(parseUpstreamJson(text));
      const reported = parsed.usage.inputTokens > 0;
      const usage = reported ? parsed.usage : { inputTokens: estimateEmbeddingTokens(req.input), outputTokens: 0 };
      Object.assign(call.usage, {
        inputTokens: usage.inputTokens, outputTokens: 0, estimated: !reported,
        costUsd: computeCostUsd(model, usage), status: 200,
      });
      deps.health.recordSuccess(model.id, provider.id, Date.now());
      sendJson(call.res, 200, formatEmbeddingsResponse({ ...parsed, usage }, model.id, req.encodingFormat ?? 'float'), idHeaders(call.requestId, model.id));
      call.usage.ttfbMs = Date.now() - call.startedAt;
      return;
    } catch (err) {
      if (call.signal.aborted) break;
      attempts.fail(model, provider, err, [apiKey]);
    }
  }
  throw attempts.finalError(plan, 'embeddings model');
}
