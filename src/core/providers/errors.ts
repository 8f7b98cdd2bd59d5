// Shared classification of upstream HTTP failures; each adapter adds its format's details.
import type { UpstreamError, UpstreamErrorKind, Usage } from '../canonical';
import { redactSecrets } from '../redact';
import { isSizelessOverflow, overflowFigures } from './overflow-figures';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** `retry-after-ms`, then `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const ra = header(headers, 'retry-after');
  if (ra === undefined) return undefined;
  const t = ra.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const date = Date.parse(t);
  if (!Number.isNaN(date)) return Math.max(0, date - now);
  return undefined;
}

export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 408 || status === 409) return 'conflict';
  if (status === 429) return 'rate_limit';
  if (status === 529 || status === 503) return status === 529 ? 'overloaded' : 'server';
  // Groq's flex tier at capacity ("capacity_exceeded"; console.groq.com/docs/flex-processing: retry with backoff)
  if (status === 498) return 'overloaded';
  if (status >= 500) return 'server';
  // 402: the account behind our key has no credit left (OpenRouter, DeepSeek): not the request's fault
  if (status === 401 || status === 402 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  if (status >= 400) return 'bad_request';
  return 'unknown';
}

// The request is too big for this model (its prompt, or the output it asks for): another model may
// take it, so these fail over (error-policy), where another 400 would go back to the client.
const CONTEXT_HINTS = new RegExp([
  /context[_ ]length|maximum context|too many tokens|prompt is too long|input is too long|exceeds? (?:the )?(?:maximum|context)/.source,
  // Anthropic: "input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000"
  /exceed context limit/.source,
  // xAI: "This model's maximum prompt length is 131072 but the request contains 136973 tokens." (cline/cline#3120)
  /maximum prompt length/.source,
  // Together (TGI): "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4097. Given: 80125
  // `inputs` tokens and 4096 `max_new_tokens`" (BerriAI/litellm#4934)
  /tokens \+ `?max_new_tokens`? must be/.source,
  // the output asked for is more than the model writes: OpenAI "max_tokens is too large: 32000. This model
  // supports at most 16384 completion tokens", Anthropic "max_tokens: 64000 > 32000, which is the maximum
  // allowed number of output tokens", DeepSeek "the valid range of max_tokens is [1, 8192]"
  /max_(?:completion_|output_)?tokens(?:`)?(?: is too large|: \d+ > \d+|.{0,40}valid range)/.source,
  // llama-server: type `exceed_context_size_error`, "request (9000 tokens) exceeds the available context size
  // (8192 tokens), try increasing it" (earlier "the request exceeds the available context size, ..."; older builds
  // "input (9000 tokens) is larger than the max context size (8192 tokens). skipping"); vLLM's engine, for a
  // prompt past max_model_len: "The decoder prompt (length 9000) is longer than the maximum model length of 8192."
  /exceed_context_size_error|exceeds? the available context size|larger than the max context size|longer than the maximum model length/.source,
].join('|'), 'i');
const OVERLOAD_HINTS = /overloaded/i;
// A 413 that is the key's tier, not the proxy's body limit: Groq's "Request too large for model `…` in
// organization `…` service tier `on_demand` on tokens per minute (TPM): Limit 12000, Requested 14137"
// (type `tokens`, code `rate_limit_exceeded`). One request above the per-minute limit never gets through
// by waiting; a smaller one, or another provider, would: the model cannot take this request.
const TIER_SIZE_HINTS = /rate_limit_exceeded|tokens per minute/i;
// The account behind our key is out of credit or quota, whatever status says so: OpenAI 429
// `insufficient_quota` ("You exceeded your current quota, please check your plan and billing details"),
// Anthropic 400 "Your credit balance is too low to access the Anthropic API", OpenRouter 402 "Insufficient
// credits", DeepSeek 402 "Insufficient Balance". Waiting will not mend it and the request is not at
// fault: another provider may serve it (kind `auth`, as for a wrong key).
const BILLING_HINTS = /insufficient[_ ](?:quota|credits?|balance|funds)|credit balance is too low|exceeded your current quota/i;
// A wrong or revoked key, said with 400 rather than 401: xAI's "Incorrect API key provided: sk***56. You
// can obtain an API key from https://console.x.ai." (continuedev/continue#10778), Google's OpenAI-compatible
// endpoint's "API key not valid. Please pass a valid API key.". Our key's fault, not the request's.
const BAD_KEY_HINTS = /incorrect api key provided|api key not valid/i;
// A local server that cannot run the model asked for, said with 400: LM Studio's `Failed to load model
// "google/gemma-3-12b". Error: Error loading model.` (type invalid_request_error, param model) and `No models
// loaded. Please load a model in the developer page or use the \`lms load\` command.`. The model is out of
// reach, not the request at fault: another model may serve it, and this one goes last (as a 404 model).
const MODEL_UNAVAILABLE_HINTS = /failed to load model|no models loaded/i;
// A model that cannot do what this request asks of it, said with 400: Ollama's capability check, `registry.ollama.ai/
// library/llama3.2:latest does not support tools` (also thinking, vision, completion, insert, embedding: a model
// without a tool template, a thinking switch, a vision part). Not the request's fault (another model may serve it)
// and the model is fine for requests that do not ask that: kind `untranslatable`, as for a request a provider's
// format cannot carry (fails over, no cooldown, not tried last; nothing else serving, the client gets 400
// model_not_supported with the provider's words). Only Ollama's own shape, the whole message: its model name (a
// full name with `/` and `:`, or quoted with %q) then the capabilities it lacks, several joined by a newline
// (`... does not support tools\nvision`). Other providers' "does not support" name a combination the request asked
// ("Streaming does not support tools with n > 1", "function calling does not support thinking mode; set
// thinking.type=disabled", Anthropic's "... does not support thinking."): the request's fault, bad_request.
const MODEL_CAPABILITY = '(?:tools|thinking|vision|chat|generate|insert|completion|embedding)';
const MODEL_CANNOT_HINTS = new RegExp(`^\\s*(?:"[^"\\n]+"|\\S*[/:]\\S*) does not support ${MODEL_CAPABILITY}(?:\\n${MODEL_CAPABILITY})*\\s*$`, 'i');
// A model the provider no longer has (or never had), said with 400 rather than 404: Groq's code
// `model_decommissioned` ("The model `llama3-70b-8192` has been decommissioned and is no longer supported"),
// Mistral's type `invalid_model` ("Invalid model: mistral-large-2402"), OpenRouter's "google/gemini-pro is not
// a valid model ID", DeepSeek's "Model Not Exist". Gone for every request, as a 404 model: another may serve,
// and this one goes last. Read from the error's code and type fields, or those whole phrasings, never from
// the word "model" alone (a 400 for a tool schema or a parameter may name it).
const MODEL_GONE_CODES = /(?:^|\s)(?:model_decommissioned|invalid_model|model_not_found)(?:\s|$)/;
const MODEL_GONE_MESSAGES = /^\s*(?:\S+ is not a valid model id|model not exist)\.?\s*$/i;
// llama-server still loading its model: 503 `{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`.
// It serves once loaded: waiting helps, so the client is told to wait rather than that providers failed.
const LOADING_HINTS = /unavailable_error|loading model/i;

/** Build an UpstreamError from a status, the provider's own message and error type. */
export function upstreamError(
  status: number,
  providerMessage: string,
  headers: Headers,
  providerType?: string,
): UpstreamError {
  let kind = kindForStatus(status);
  const hint = `${providerType ?? ''} ${providerMessage}`;
  if ((kind === 'bad_request' || kind === 'payload_too_large') && CONTEXT_HINTS.test(hint)) kind = 'context_length';
  if (kind === 'payload_too_large' && TIER_SIZE_HINTS.test(hint)) kind = 'context_length';
  if (OVERLOAD_HINTS.test(hint) && status >= 500) kind = 'overloaded';
  if (status === 503 && LOADING_HINTS.test(hint)) kind = 'overloaded';
  const retryAfterMs = parseRetryAfterMs(headers);
  // a 503 naming when to come back (RFC 9110: Service Unavailable, Retry-After): waiting helps, as for an overload
  if (status === 503 && retryAfterMs !== undefined) kind = 'overloaded';
  if (kind === 'bad_request' && MODEL_UNAVAILABLE_HINTS.test(hint)) kind = 'not_found';
  if (kind === 'bad_request' && MODEL_CANNOT_HINTS.test(providerMessage)) kind = 'untranslatable';
  if (kind === 'bad_request' && (MODEL_GONE_CODES.test(providerType ?? '') || MODEL_GONE_MESSAGES.test(providerMessage))) kind = 'not_found';
  if ((kind === 'bad_request' || kind === 'rate_limit') && BILLING_HINTS.test(hint)) kind = 'auth';
  if (kind === 'bad_request' && BAD_KEY_HINTS.test(hint)) kind = 'auth';
  const message = redactSecrets(providerMessage || `upstream returned HTTP ${status}`).slice(0, 1000);
  const err: UpstreamError = { kind, status, message };
  if (retryAfterMs !== undefined) err.retryAfterMs = retryAfterMs;
  const overflow = kind === 'context_length' ? overflowFigures(providerMessage) : undefined;
  if (overflow) err.overflow = overflow;
  else if (kind === 'context_length' && isSizelessOverflow(providerMessage)) err.sizelessOverflow = true;
  return err;
}

/**
 * A 200 whose JSON is no answer of the upstream's API (`{"hello":"world"}`, a chat completion without `choices`):
 * the provider's failure, failed over as a body that is not JSON is (node/proxy/upstream-call.ts parseUpstreamJson),
 * never relayed to the client as its answer. `what` names the answer expected and the part it lacks; `usage`, what
 * the body says the provider billed for it, goes with the failure (`billed`), so the row counts it.
 */
export function notAnAnswer(what: string, usage?: Usage): UpstreamError {
  return { kind: 'server', message: `provider answered HTTP 200 with JSON that is not ${what}`, ...(usage === undefined ? {} : { billed: usage }) };
}
