// What each provider's `/models` listing says of its models beyond their ids, read as its documentation
// describes it: discovery takes a new model's context length and capabilities from it (the bundled table
// still wins, its context capped by a shorter listed one), and on any OpenAI-compatible URL the context vLLM
// lists. A provider whose listing says nothing (OpenAI, DeepSeek, xAI) keeps discovery's defaults.
import type { Capability } from '../../shared/types';
import { openRouterListing, stated, type ListedModel } from './openrouter-listing';
import { isJsonObject } from '../../core/json-object';

type Json = Record<string, unknown>;

function entries(body: unknown): Json[] {
  const list = Array.isArray(body) ? body : isJsonObject(body) && Array.isArray(body.data) ? body.data : [];
  return list.filter((m): m is Json => isJsonObject(m) && typeof m.id === 'string' && m.id !== '');
}

/** A listing read entry by entry: model id -> what `read` takes from its entry. */
function perEntry(read: (m: Json) => ListedModel): (body: unknown) => Map<string, ListedModel> {
  return (body) => new Map(entries(body).map((m) => [m.id as string, read(m)]));
}

/**
 * Together (docs.together.ai/reference/models): a bare array; `context_length`, `display_name`. Its `pricing`
 * is left alone: the reference gives its numbers no unit.
 */
const togetherListing = perEntry((m) => stated({ context: m.context_length, name: m.display_name }));

/** Groq (console.groq.com/docs/api-reference#models-list): `context_window`, `max_completion_tokens`. */
const groqListing = perEntry((m) => stated({ context: m.context_window, maxOut: m.max_completion_tokens }));

/**
 * Mistral (docs.mistral.ai/api/#tag/models): `max_context_length`, and `capabilities` flags: `completion_chat`,
 * `function_calling`, `vision`. A model that does not chat (OCR, embeddings, moderation) keeps the defaults.
 */
const mistralListing = perEntry((m) => {
  const listed = stated({ context: m.max_context_length });
  const caps = isJsonObject(m.capabilities) ? m.capabilities : {};
  if (caps.completion_chat === true) {
    const capabilities: Capability[] = ['chat'];
    if (caps.function_calling === true) capabilities.push('tools');
    if (caps.vision === true) capabilities.push('vision');
    listed.capabilities = capabilities;
  }
  return listed;
});

/**
 * An OpenAI-compatible server: vLLM (and SGLang) give each model's `max_model_len`, the context the server
 * was started with (--max-model-len), which is what it will take. A server that gives none keeps the defaults.
 */
const compatibleListing = perEntry((m) => stated({ context: m.max_model_len }));

/**
 * Gemini (ai.google.dev/api/models#Model): `{models: [...]}`, each named `models/<id>` with `displayName`,
 * `inputTokenLimit`, `outputTokenLimit`, `supportedGenerationMethods` and `thinking`. The listing names no
 * tool or JSON support: a `gemini-` model that generates has them (function calling, structured output,
 * images and PDFs are the Gemini family's), others served there (Gemma, LearnLM) are taken as chat alone.
 * One that only embeds is an embedding model.
 */
function geminiListing(body: unknown): Map<string, ListedModel> {
  const out = new Map<string, ListedModel>();
  const models = isJsonObject(body) && Array.isArray(body.models) ? body.models : [];
  for (const m of models) {
    if (!isJsonObject(m) || typeof m.name !== 'string') continue;
    const id = m.name.replace(/^models\//, '');
    if (id === '') continue;
    const listed = stated({ context: m.inputTokenLimit, maxOut: m.outputTokenLimit, name: m.displayName });
    const methods = Array.isArray(m.supportedGenerationMethods) ? m.supportedGenerationMethods : [];
    if (methods.includes('generateContent')) {
      const capabilities: Capability[] = /^gemini-/i.test(id) ? ['chat', 'tools', 'vision', 'json', 'documents'] : ['chat'];
      if (m.thinking === true) capabilities.push('reasoning');
      listed.capabilities = capabilities;
    } else if (methods.includes('embedContent')) listed.capabilities = ['embeddings'];
    out.set(id, listed);
  }
  return out;
}

/** `{supported: true}`, the shape of each of Anthropic's capability entries */
const supported = (v: unknown): boolean => isJsonObject(v) && v.supported === true;

/**
 * Anthropic (docs.anthropic.com/en/api/models-list): `display_name`, `max_input_tokens`, `max_tokens`, and
 * `capabilities` (`image_input`, `pdf_input`, `structured_outputs`, `thinking`, each `{supported}`). Every
 * Claude model calls tools; without a `capabilities` object the defaults stay.
 */
const anthropicListing = perEntry((m) => {
  const listed = stated({ context: m.max_input_tokens, maxOut: m.max_tokens, name: m.display_name });
  if (isJsonObject(m.capabilities)) {
    const caps = m.capabilities;
    const capabilities: Capability[] = ['chat', 'tools'];
    if (supported(caps.image_input)) capabilities.push('vision');
    if (supported(caps.structured_outputs)) capabilities.push('json');
    if (supported(caps.thinking)) capabilities.push('reasoning');
    if (supported(caps.pdf_input)) capabilities.push('documents');
    listed.capabilities = capabilities;
  }
  return listed;
});

const READERS: Record<string, (body: unknown) => Map<string, ListedModel>> = {
  openrouter: openRouterListing,
  gemini: geminiListing,
  anthropic: anthropicListing,
  together: togetherListing,
  groq: groqListing,
  mistral: mistralListing,
  'openai-compatible': compatibleListing,
};

/** model id -> what the provider type's listing says of it (empty for a type whose listing says nothing). */
export function providerListing(type: string, body: unknown): Map<string, ListedModel> {
  return READERS[type]?.(body) ?? new Map<string, ListedModel>();
}
