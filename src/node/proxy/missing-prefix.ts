// The API's own paths sent without their /v1 (a base URL set without it, the commonest mistake setting up
// an OpenAI client) or /v1beta: they would reach the UI, a POST answered by a bare 405 and GET /models by
// the app shell (HTML, 200), which the openai SDK reads as an empty model list. They are told the URL meant.
import type { IncomingMessage } from 'node:http';
import { isGoogleClient } from './gemini-routes';
import { ownerPrefix } from './path-owner';

const OPENAI_OR_ANTHROPIC = /^\/(?:chat\/completions|completions|embeddings|responses(?:\/[^]*)?|messages(?:\/count_tokens)?|models(?:\/[^]*)?)\/?$/;
/** a Gemini method on a model (`models/x:generateContent`) */
const GEMINI_CALL = /^\/models\/[^]*:[A-Za-z]+$/;

/** The prefix `path` is an API path without (`/v1`, or `/v1beta` for the Gemini API), else undefined (the UI's). */
export function missingApiPrefix(req: IncomingMessage, path: string, query: URLSearchParams): '/v1' | '/v1beta' | undefined {
  const p = ownerPrefix(path);
  if (GEMINI_CALL.test(p) || (p.startsWith('/models') && isGoogleClient(req, query))) return '/v1beta';
  return OPENAI_OR_ANTHROPIC.test(p) ? '/v1' : undefined;
}
