// Captured bodies are kept for days, so they get a wider net than redactSecrets (core/redact.ts, which
// the proxy's hot paths run): every credential the privacy guard's detector finds is replaced with
// `[REDACTED]` where the detector says it lies (core/privacy.ts's secretSpans, the same patterns, so a
// kind the guard learns is redacted here too): private key blocks whole, tokens, the values of named
// secrets (the name stays), the password of a URL or connection string. It runs on a body's strings
// before they are printed as JSON, and on a streamed transcript as is: no replacement takes a quote or
// half a backslash escape. Nothing here runs while capture is off.
import { secretSpans } from '../../core/privacy';

const REDACTED = '[REDACTED]';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The number of backslashes right before `at`, counted no further back than `floor`. */
function backslashesBefore(text: string, at: number, floor: number): number {
  let n = 0;
  while (at - n > floor && text.charCodeAt(at - n - 1) === BACKSLASH) n++;
  return n;
}

/**
 * [start, end) narrowed so that taking it out of JSON text leaves it JSON: up to its first quote, not
 * starting with the character an escape's backslash stands before, not ending between the two.
 */
function jsonSafe(text: string, start: number, end: number): readonly [number, number] {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === QUOTE) {
      end = i;
      break;
    }
  }
  if (backslashesBefore(text, start, 0) % 2 === 1) start++;
  if (end > start && backslashesBefore(text, end, start) % 2 === 1) end--;
  return [start, end];
}

/** Every credential the privacy guard would detect in this text, replaced with `[REDACTED]`. */
export function redactCaptured(text: string): string {
  const spans = secretSpans(text)
    .map(({ start, end }) => jsonSafe(text, start, end))
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  // spans that overlap or touch are taken out as one
  for (let i = 0; i < spans.length; ) {
    const start = spans[i]![0];
    let end = spans[i]![1];
    for (i++; i < spans.length && spans[i]![0] <= end; i++) end = Math.max(end, spans[i]![1]);
    out += `${text.slice(last, start)}${REDACTED}`;
    last = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * The start of a long string as stored, redacted: at least `room` characters of it when it has them. A
 * string cut before redaction could leave a piece of a secret the cut goes through; here that piece
 * lies only at the end, past `room`, since more is read until the redacted text is that long.
 */
export function redactedStart(value: string, room: number): string {
  for (let take = room; ; take *= 2) {
    const clean = redactCaptured(value.length > take ? value.slice(0, take) : value);
    if (take >= value.length || clean.length >= room) return clean;
  }
}
