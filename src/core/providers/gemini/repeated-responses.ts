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
  // the model turn before: consecutive model contents are one turn (the @google/genai SDK's chats keep each
  // streamed chunk as a model content of its own), as the translation reads them (parse-contents.ts)
  let turnFrom = -1;
  let calls = 0;
  for (let i = 0; i < contents.length; i++) {
    const content: unknown = contents[i];
    const parts = partsOf(content);
    if (isJsonObject(content) && content.role === 'model') {
      if (turnFrom < 0) turnFrom = i;
      calls += count(parts, 'functionCall');
      continue;
    }
    if (parts && count(parts, 'functionResponse') > calls) {
      const kept = keptResponses(parts, calls > 0 ? callPartsOf(contents, turnFrom, i) : []);
      if (kept.length < parts.length) {
        out ??= contents.slice();
        out[i] = { ...(content as Json), parts: kept };
      }
    }
    turnFrom = -1;
    calls = 0;
  }
  return out;
}

/** The parts of contents[from, to): a model turn's, however many contents it came in. */
function callPartsOf(contents: unknown[], from: number, to: number): unknown[] {
  return contents.slice(from, to).flatMap((c) => partsOf(c) ?? []);
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
