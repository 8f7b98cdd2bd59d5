// Text someone else chose (a provider's error message, a response id it made up) goes into the log as
// one quoted line: a line break there could otherwise print a line of its own ("Switchboard listening on
// http://elsewhere/#token=..."), and terminal escape codes could rewrite what serve's output shows.
import { redactSecrets } from './redact';

/** The most characters of such text a log line takes. */
const MAX_CHARS = 300;

// what JSON.stringify leaves as is but a terminal acts on: DEL and the C1 controls (\u009b is a CSI),
// the Unicode line and paragraph separators, and the bidirectional overrides that reorder what is shown
const UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` quoted as a JSON string, every control character escaped, cut at `max` characters, keys redacted. */
export function logSafe(text: unknown, max = MAX_CHARS): string {
  const s = String(text);
  const quoted = JSON.stringify(redactSecrets(s.length > max ? s.slice(0, max) : s))
    .replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return s.length > max ? `${quoted} (${s.length - max} more characters)` : quoted;
}
