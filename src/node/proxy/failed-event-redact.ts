// A forwarded stream's own failed end (the Responses API's response.failed) goes to the client as the provider sent
// it (stream-relay.ts), but never with a secret its error quotes: the error's strings are redacted as decoded text.
import { isJsonObject, jsonObjectOf } from '../../core/json-object';
import { redactSecrets } from '../../core/redact';

/**
 * A failed-stream event's JSON with the strings of its `response.error` (message, code, param) redacted, read as
 * decoded strings (a key written with JSON escapes, `\n` inside it or `\u0041` for a letter, is still a key); the
 * event as it came when nothing in them changes; undefined when it is no JSON object (Switchboard's own error then).
 */
export function withRedactedError(data: string, secrets: readonly (string | undefined | null)[] | undefined): string | undefined {
  const event = jsonObjectOf(data);
  if (!event) return undefined;
  const error = isJsonObject(event.response) && isJsonObject(event.response.error) ? event.response.error : undefined;
  if (!error) return data;
  let changed = false;
  for (const field of ['message', 'code', 'param'] as const) {
    const value = error[field];
    if (typeof value !== 'string') continue;
    const redacted = redactSecrets(value, secrets);
    if (redacted !== value) {
      error[field] = redacted;
      changed = true;
    }
  }
  return changed ? JSON.stringify(event) : data;
}
