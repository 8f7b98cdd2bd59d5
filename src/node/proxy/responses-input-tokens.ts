// POST /v1/responses/input_tokens (the openai SDK's responses.inputTokens.count): the request's input
// tokens as Switchboard estimates them for routing (o200k_base), counted here rather than at a provider:
// any model may serve the request, and the estimate is the one its context checks use. A conversation
// continued from a response kept here is counted whole, as it would be sent.
import { continueFrom, responsesInbound } from '../../core/inbound/responses';
import { estimateReadTokens } from '../tokens';
import { refuseEmbeddingsOnly } from './embeddings-only';
import { countedForModel, requireKnownModel } from './plan';
import type { ProxyCall } from './proxy-call';
import { idHeaders, sendJson } from './respond';
import { previousNotFound, previousResponseId } from './responses-handler';

export async function handleInputTokens(call: ProxyCall, body: Record<string, unknown>): Promise<void> {
  // model is optional here (OpenAI counts for its default): routed as `auto` would be
  const request = body.model === undefined || body.model === null ? { ...body, model: 'auto' } : body;
  let read = responsesInbound.read(request);
  requireKnownModel(call, read.model);
  // as OpenAI, which counts only for a model that can serve the request
  refuseEmbeddingsOnly(call.deps.catalog.snapshot(), call.profile, read.model);
  const previousId = previousResponseId(body);
  if (previousId !== undefined) {
    const prior = call.deps.responses.get(previousId, call.userId);
    if (!prior && call.deps.responses.isAnothers(previousId, call.userId)) throw previousNotFound(previousId);
    // one kept at the provider: only its new input can be counted here
    if (prior && !prior.atProvider) {
      read = responsesInbound.read(continueFrom({ inputItems: prior.inputItems, output: prior.response.output, native: prior.native }, request));
    }
  }
  sendJson(call.res, 200, { object: 'response.input_tokens', input_tokens: estimateReadTokens(read) }, idHeaders(call.requestId, countedForModel(call, read, 'responses')));
}
