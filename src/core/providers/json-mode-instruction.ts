// JSON mode asked in words, for a model that cannot be sent it as a setting (Anthropic has none;
// Gemini before 3 refuses it beside function declarations).
import type { ResponseFormat } from '../canonical';

export function jsonModeInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined;
  const base = 'Respond with a single valid JSON value only: no Markdown code fences, no text before or after it.';
  if (format.type === 'json_object') return `${base} The value must be a JSON object.`;
  const purpose = format.description === undefined ? '' : ` (${format.description})`;
  return `${base} It must conform to this JSON Schema (named "${format.name}"${purpose}):\n${JSON.stringify(format.schema)}`;
}
