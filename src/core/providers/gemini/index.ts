// The Google Gemini upstream adapter (generativelanguage.googleapis.com, v1beta REST).
import type { CanonicalRequest, ForwardContext, UpstreamAdapter, UpstreamHttpRequest, UpstreamTarget } from '../../canonical';
import { serializeForward } from '../../forward-body';
import { droppedOpenAIOptions } from '../openai-options';
import { thinkingUnsentToNonReasoner } from '../reasoning';
import { geminiHeaders, geminiModelUrl } from './endpoint';
import { GEMINI_MAX_EMBED_BATCH, buildGeminiEmbeddingsRequest, buildGeminiListModelsRequest, parseGeminiEmbeddingsResponse, parseGeminiListModels } from './embeddings';
import { classifyGeminiError } from './errors';
import { toGeminiRequestBody } from './request';
import { REPEATED_RESPONSE, withoutRepeatedResponses } from './repeated-responses';
import { withoutSealedThinking } from './sealed-signatures';
import { thinkingForGemini } from './thinking-config';
import { parseGeminiChatResponse } from './response';
import { createGeminiStreamDecoder } from './stream-decoder';

export function buildGeminiChatRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const method = req.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  const dropped: string[] = [];
  const body = toGeminiRequestBody(req, target.modelName, target.reasoning !== false, dropped);
  if (thinkingUnsentToNonReasoner(req, target)) dropped.push('reasoning_effort');
  dropped.push(...droppedOpenAIOptions(req));
  return {
    url: geminiModelUrl(target.baseUrl, target.modelName, method),
    method: 'POST',
    // passHeaders are the inbound API's own (anthropic-beta, ...): meaningless to Google, not sent
    headers: geminiHeaders(target.apiKey, { body: true, stream: req.stream }),
    body: JSON.stringify(body),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/**
 * Gemini in, Gemini out: the client's body as sent (thought signatures, cachedContent, safety settings), less
 * the repeated function responses of Gemini CLI's resumed session, which Google refuses (named dropped), with
 * Claude's thinking Switchboard sealed in a call's thoughtSignature (a turn Claude served) said as Google's sentinel,
 * and, for a model routing chose, the thinkingConfig fitted to it (named dropped).
 */
export function buildGeminiForwardRequest(body: Record<string, unknown>, target: UpstreamTarget, ctx: ForwardContext): UpstreamHttpRequest {
  const method = ctx.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  const unrepeated = withoutRepeatedResponses(body.contents);
  // read found none sealed (the usual body): its parts are not walked again
  const contents = (ctx.sealedThinking === false ? undefined : withoutSealedThinking(unrepeated ?? body.contents)) ?? unrepeated;
  const dropped: string[] = unrepeated ? [REPEATED_RESPONSE] : [];
  // the client wrote its thinkingConfig for the model it named
  const fitted = ctx.routed ? thinkingForGemini(body, target.modelName, dropped) : body;
  return {
    url: geminiModelUrl(target.baseUrl, target.modelName, method),
    method: 'POST',
    headers: geminiHeaders(target.apiKey, { body: true, stream: ctx.stream }),
    ...serializeForward(contents ? { ...fitted, contents } : fitted, ctx.raw),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

export const geminiAdapter: UpstreamAdapter = {
  api: 'gemini',
  buildChatRequest: buildGeminiChatRequest,
  buildForwardRequest: buildGeminiForwardRequest,
  parseChatResponse: parseGeminiChatResponse,
  createStreamDecoder: createGeminiStreamDecoder,
  buildEmbeddingsRequest: buildGeminiEmbeddingsRequest,
  maxEmbeddingInputs: GEMINI_MAX_EMBED_BATCH,
  parseEmbeddingsResponse: parseGeminiEmbeddingsResponse,
  buildListModelsRequest: buildGeminiListModelsRequest,
  parseListModels: parseGeminiListModels,
  classifyError: classifyGeminiError,
};

export { toGeminiRequestBody } from './request';
export { toGeminiParameters } from './schema';
export { geminiApiRoot } from './endpoint';
export { geminiServiceTier } from './response';
export { buildGeminiEmbedForwardRequest } from './embeddings';
