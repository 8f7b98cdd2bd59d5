// The Responses stream's response object as JSON, serialised once for the events that carry it
// (response.created, .in_progress and the final one), with the members its outcome changes left apart.
import { rawMemberText, type RawJsonBody } from '../../forward-body';

/** The response members an outcome changes (shellJson's `changes`); the rest are the request's echo. */
const OUTCOME = new Set(['status', 'error', 'incomplete_details', 'output', 'usage', 'service_tier']);

/** The members of an object's JSON: its text without the braces. */
export const membersOf = (o: Record<string, unknown>): string => JSON.stringify(o).slice(1, -1);

/**
 * The response object as JSON, serialised once: the created, in-progress and final events all carry
 * it, and it echoes the request's instructions and tools (tens of KB from an agent). The members an
 * outcome changes stand alone; each run of the others is serialised in one call (one JSON.stringify
 * per member costs several times more). `changes` give those members as JSON text, in place.
 */
export function shellSerializer(shell: Record<string, unknown>, raw: RawJsonBody | undefined): (changes?: Record<string, string>) => string {
  const segments: { key: string | undefined; text: string }[] = [];
  let run: Record<string, unknown> | undefined;
  const endRun = (): void => {
    const text = run ? membersOf(run) : '';
    if (text !== '') segments.push({ key: undefined, text });
    run = undefined;
  };
  for (const key of Object.keys(shell)) {
    const value = shell[key];
    // an echoed member still the client's own is its own text, not serialised again
    const own = rawMemberText(raw, key, value);
    if (own === undefined && !OUTCOME.has(key)) {
      (run ??= {})[key] = value;
      continue;
    }
    endRun();
    if (value !== undefined) segments.push({ key: OUTCOME.has(key) ? key : undefined, text: `"${key}":${own ?? JSON.stringify(value)}` });
  }
  endRun();
  return (changes) => {
    let out = '';
    for (const { key, text } of segments) {
      const changed = key !== undefined && changes ? changes[key] : undefined;
      out += `${out === '' ? '' : ','}${changed === undefined ? text : `"${key}":${changed}`}`;
    }
    return `{${out}}`;
  };
}
