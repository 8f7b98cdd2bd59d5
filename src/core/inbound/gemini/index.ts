// The Gemini API inbound codec: models/{model}:generateContent and :streamGenerateContent as Gemini
// CLI and @google/genai send them. The model and the method are in the URL, so a codec is made per
// request.
import type { InboundCodec } from '../../canonical';
import { createJsonArrayFraming } from './array-framing';
import { formatGeminiError, formatGeminiStreamError } from './format-error';
import { formatGeminiResponse, type GeminiAnswerShape } from './format-response';
import { geminiToCanonical } from './parse-request';
import { readGeminiRequest, type GeminiCall } from './read';
import { createGeminiStreamEncoder } from './stream-encoder';

export function geminiInbound(call: GeminiCall & { sse?: boolean }): InboundCodec {
  // what the translation changed that the answer undoes (a request is translated before its answer is formatted)
  let shape: GeminiAnswerShape | undefined;
  const codec: InboundCodec = {
    api: 'gemini',
    read: (body) => readGeminiRequest(body, call),
    toCanonical: (body) => geminiToCanonical(body, call, (shape = {})),
    formatResponse: (res, servedModel, ctx) => formatGeminiResponse(res, servedModel, shape ? { ...shape, includeThoughts: ctx?.includeThoughts } : ctx),
    createStreamEncoder: (ctx) => createGeminiStreamEncoder(ctx, shape),
    formatError: formatGeminiError,
    formatStreamError: formatGeminiStreamError,
  };
  // without ?alt=sse the stream is one JSON array
  if (call.stream && call.sse === false) codec.createStreamFraming = createJsonArrayFraming;
  return codec;
}

/** For what is answered before a request's model is known (auth, unknown paths, model lists): errors only. */
export const geminiErrorCodec: InboundCodec = geminiInbound({ model: '', stream: false });

export type { GeminiCall } from './read';
export { countGeminiTokens } from './count-tokens';
export { parseGeminiEmbedRequest, formatGeminiEmbedResponse } from './embed';
export { listGeminiModels, getGeminiModel } from './models';
