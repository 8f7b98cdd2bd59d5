// JSON mode asked in words, for a model that cannot be sent it as a setting (Anthropic has none;
// Gemini before 3 refuses it beside function declarations), or that takes the setting only when the
// prompt says "json" (OpenAI's json_object).
import type { CanonicalRequest, ResponseFormat } from '../canonical';

export function jsonModeInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined;
  const base = 'Respond with a single valid JSON value only: no Markdown code fences, no text before or after it.';
  if (format.type === 'json_object') return `${base} The value must be a JSON object.`;
  const purpose = format.description === undefined ? '' : ` (${format.description})`;
  return `${base} It must conform to this JSON Schema (named "${format.name}"${purpose}):\n${JSON.stringify(format.schema)}`;
}

const SAYS_JSON = /json/i;

/**
 * OpenAI refuses `json_object` unless the prompt says "json": chat answers 400 "'messages' must contain the
 * word 'json' in some form, to use 'response_format' of type 'json_object'", the Responses API the same of
 * its input messages (`instructions` do not count there). A client of another format need not say it (a
 * Gemini client's responseMimeType application/json alone is JSON mode), so when no system or user text
 * does, this is the instruction to add; undefined when JSON mode is not json_object or the prompt says it.
 * `countSystem`: whether the leading system prompts count (false where they go as `instructions`).
 */
export function jsonWordInstruction(req: CanonicalRequest, countSystem = true): string | undefined {
  if (req.responseFormat?.type !== 'json_object') return undefined;
  if (countSystem && req.system.some((s) => SAYS_JSON.test(s))) return undefined;
  for (const m of req.messages) {
    if (m.role !== 'system' && m.role !== 'user') continue;
    if (m.content.some((p) => p.type === 'text' && SAYS_JSON.test(p.text))) return undefined;
  }
  return jsonModeInstruction(req.responseFormat);
}
