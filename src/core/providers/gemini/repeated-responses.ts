// Gemini CLI's resumed session rebuilds a tool-result turn with each functionResponse twice
// (google-gemini/gemini-cli #6379, #13292), and Google refuses a turn whose responses outnumber the calls of
// the model turn before it: 400 "Please ensure that the number of function response parts is equal to the
// number of function call parts of the function call turn". The translation drops such repeats
// (inbound/gemini/parse-contents.ts); a body forwarded to Gemini as is needs the same, or the resume that
// works on every other model fails on Gemini's own.
import { isJsonObject } from '../../json-object';

/** The name a dropped repeat goes by in x-switchboard-dropped, as the translation names it. */
export const REPEATED_RESPONSE = 'functionResponse[repeated]';

type Json = Record<string, unknown>;

const partsOf = (content: unknown): unknown[] | undefined => (isJsonObject(content) && Array.isArray(content.parts) ? content.parts : undefined);

function count(parts: unknown[] | undefined, kind: 'functionCall' | 'functionResponse'): number {
  let n = 0;
  if (parts) for (const p of parts) if (isJsonObject(p) && p[kind] !== undefined) n++;
  return n;
}

/**
 * `contents` without the functionResponse parts that repeat one answered before them in the same turn,
 * looked at only in a turn with more responses than the model turn before it has calls (a history without
 * repeats costs one pass that counts parts, and comes back undefined: nothing to change). Changed turns are
 * copies; the client's objects are left as they were. Undefined when nothing is dropped.
 */
export function withoutRepeatedResponses(contents: unknown): unknown[] | undefined {
  if (!Array.isArray(contents)) return undefined;
  let out: unknown[] | undefined;
  let calls = 0;
  for (let i = 0; i < contents.length; i++) {
    const content: unknown = contents[i];
    const parts = partsOf(content);
    const byModel = isJsonObject(content) && content.role === 'model';
    if (!byModel && parts && count(parts, 'functionResponse') > calls) {
      const kept = keptResponses(parts, partsOf(i > 0 && calls > 0 ? contents[i - 1] : undefined) ?? []);
      if (kept.length < parts.length) {
        out ??= contents.slice();
        out[i] = { ...(content as Json), parts: kept };
      }
    }
    calls = byModel ? count(parts, 'functionCall') : 0;
  }
  return out;
}

/**
 * A turn's parts less its repeated responses: a response repeats one before it with the same id; without an
 * id, with the same name and response once every call of that name is answered (two calls may well get the
 * same answer), the rule the translation follows.
 */
function keptResponses(parts: unknown[], callParts: unknown[]): unknown[] {
  const unanswered = new Map<string, number>();
  for (const p of callParts) {
    const call = isJsonObject(p) ? p.functionCall : undefined;
    if (isJsonObject(call) && typeof call.name === 'string') unanswered.set(call.name, (unanswered.get(call.name) ?? 0) + 1);
  }
  const answered = new Set<string>();
  return parts.filter((p) => {
    const res = isJsonObject(p) ? p.functionResponse : undefined;
    if (!isJsonObject(res)) return true;
    const id = typeof res.id === 'string' && res.id !== '' ? res.id : undefined;
    const name = typeof res.name === 'string' ? res.name : '';
    const key = id !== undefined ? `id ${id}` : `name ${name} ${JSON.stringify(res.response ?? null)}`;
    const left = unanswered.get(name) ?? 0;
    if (answered.has(key) && (id !== undefined || left <= 0)) return false;
    answered.add(key);
    unanswered.set(name, left - 1);
    return true;
  });
}
