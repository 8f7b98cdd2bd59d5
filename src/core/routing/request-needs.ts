// What a request needs from a model, derived from the canonical request.
import type { Capability } from '../../shared/types';
import type { CanonicalRequest } from '../canonical';
import type { RequestNeeds } from './types';

/** 'chat', plus 'tools' when tools are given, 'vision' for image parts, 'json' for a JSON response format. */
export function chatCapabilities(req: CanonicalRequest): Capability[] {
  const caps: Capability[] = ['chat'];
  if (req.tools !== undefined && req.tools.length > 0) caps.push('tools');
  if (req.messages.some((m) => m.content.some((p) => p.type === 'image'))) caps.push('vision');
  const format = req.responseFormat?.type;
  if (format === 'json_object' || format === 'json_schema') caps.push('json');
  return caps;
}

export function chatNeeds(req: CanonicalRequest, estimatedInputTokens: number, secretsFound: readonly string[] = []): RequestNeeds {
  return {
    estimatedInputTokens,
    maxOutputTokens: req.maxTokens,
    capabilities: chatCapabilities(req),
    secretsFound: [...secretsFound],
  };
}

/**
 * `longestInputTokens` is checked against the model's context (each input is embedded on its own);
 * pass detectSecretsInTexts(inputs) as secretsFound to put embedding inputs under the privacy guard too.
 */
export function embeddingNeeds(estimatedInputTokens: number, longestInputTokens = 0, secretsFound: readonly string[] = []): RequestNeeds {
  return { estimatedInputTokens, maxOutputTokens: undefined, capabilities: ['embeddings'], secretsFound: [...secretsFound], longestInputTokens };
}
