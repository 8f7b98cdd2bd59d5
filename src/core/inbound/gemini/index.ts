// The Gemini API inbound codec: models/{model}:generateContent and :streamGenerateContent as Gemini
// CLI and @google/genai send them. The model and the method are in the URL, so a codec is made per
// request.
import type { InboundCodec } from '../../canonical';
import type { ThinkingSeal } from '../../switchboard-thinking';
import { createJsonArrayFraming } from './array-framing';
import { formatGeminiError, formatGeminiStreamError, geminiFinalErrorStatus } from './format-error';
import { formatGeminiResponse, type GeminiAnswerShape } from './format-response';
import { geminiToCanonical } from './parse-request';
import { readGeminiRequest, type GeminiCall } from './read';
import { createGeminiStreamEncoder } from './stream-encoder';

/** `seal`: this install's and profile's, for Claude's thinking in thoughtSignature (switchboard-thinking.ts). */
export function geminiInbound(call: GeminiCall & { sse?: boolean; seal?: ThinkingSeal }): InboundCodec {
  // what the translation changed that the answer undoes (a request is translated before its answer is formatted)
  let shape: GeminiAnswerShape | undefined;
  const sealed = (): GeminiAnswerShape => (call.seal ? { seal: call.seal } : {});
  const codec: InboundCodec = {
    api: 'gemini',
    read: (body) => readGeminiRequest(body, call),
    toCanonical: (body) => geminiToCanonical(body, call, (shape = sealed())),
    formatResponse: (res, servedModel, ctx) => formatGeminiResponse(res, servedModel, { ...(shape ?? sealed()), includeThoughts: ctx?.includeThoughts }),
    createStreamEncoder: (ctx) => createGeminiStreamEncoder(ctx, shape ?? sealed()),
    formatError: formatGeminiError,
    formatStreamError: formatGeminiStreamError,
    finalErrorStatus: geminiFinalErrorStatus,
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
export { listGeminiModels, listGeminiModelPage, GeminiPageError, getGeminiModel, geminiModelAs, geminiRoutedAs, type GeminiModelOut } from './models';
