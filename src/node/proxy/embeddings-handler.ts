// POST /v1/embeddings: the same plan and candidate loop as generation, non-streamed, OpenAI shape in and out.
import { parseEmbeddingsRequest, formatEmbeddingsResponse } from '../../core/inbound/openai';
import { adapterFor } from '../../core/providers';
import { priceUsage } from '../../core/pricing';
import { estimateEmbeddingTokens } from '../../core/tokens';
import { detectSecretsInTexts } from '../../core/privacy';
import { embeddingNeeds } from '../../core/routing';
import { planRoute } from './plan';
import { runCandidates } from './candidates';
import { readProviderKey } from './provider-key';
import { parseUpstreamJson, readBodyText, sendUpstream } from './upstream-call';
import { idHeaders, sendJson } from './respond';
import { recordUsage, type ProxyCall } from './proxy-call';

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
  await runCandidates(call, plan, snapshot.rules, async ({ model, provider }, attempt) => {
    const adapter = adapterFor(provider.format);
    const apiKey = await readProviderKey(call, provider.id, attempt);
    const httpReq = adapter.buildEmbeddingsRequest(req, { baseUrl: provider.baseUrl, modelName: model.modelName, apiKey, providerType: provider.type });
    const sentAt = Date.now();
    const res = await sendUpstream(deps, adapter, httpReq, call.signal, attempt.budgetMs, [apiKey]);
    const text = await readBodyText(res.body, deps.maxUpstreamBodyBytes);
    const parsed = adapter.parseEmbeddingsResponse(parseUpstreamJson(text));
    deps.catalog.recordLatency(model.id, Date.now() - sentAt);
    deps.health.recordSuccess(model.id, provider.id, Date.now());
    const reported = parsed.usage.inputTokens > 0;
    const usage = reported ? parsed.usage : { inputTokens: estimateEmbeddingTokens(req.input), outputTokens: 0 };
    Object.assign(call.usage, {
      inputTokens: usage.inputTokens, outputTokens: 0, estimated: !reported,
      ...priceUsage(model, usage), status: 200, ttfbMs: Date.now() - call.startedAt,
    });
    recordUsage(call);
    sendJson(call.res, 200, formatEmbeddingsResponse({ ...parsed, usage }, model.id, req.encodingFormat ?? 'float'), idHeaders(call.requestId, model.id));
  });
}
