// Response headers that carry a name someone chose (a model id from a provider's listing or the admin
// API, the field names a client sent): Node throws ERR_INVALID_CHAR on a header value holding a character
// beyond Latin-1 when the answer, already paid for, is sent, and sends Latin-1 ones as bytes clients read
// back in different ways. Such a value goes out percent-encoded as UTF-8 beyond printable ASCII (and `%`
// itself, so decodeURIComponent reads back the name): an all-ASCII name goes out byte for byte as it is.

/** Printable ASCII but `%`: a value of these alone goes out as it is. */
const PLAIN = /^[\x21-\x24\x26-\x7e]*$/;

/**
 * One character as header text: as it is when printable ASCII other than `%` and the `reserved` ones (a
 * list's separator), else its UTF-8 bytes as `%XX` (a lone surrogate as U+FFFD's).
 */
export function headerChar(ch: string, reserved = ''): string {
  const c = ch.charCodeAt(0);
  if (c > 0x20 && c < 0x7f && c !== 0x25 && !reserved.includes(ch)) return ch;
  if (c < 0x80) return `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
  try {
    return encodeURIComponent(ch);
  } catch {
    return LONE_SURROGATE;
  }
}

/** A lone surrogate has no UTF-8 (encodeURIComponent throws): it goes as U+FFFD, as TextEncoder writes it. */
const LONE_SURROGATE = '%EF%BF%BD';

/** A name as a header value: as it is when all printable ASCII other than `%` (one regex test), else percent-encoded. */
export function headerText(name: string): string {
  if (PLAIN.test(name)) return name;
  let out = '';
  for (const ch of name) out += headerChar(ch);
  return out;
}
