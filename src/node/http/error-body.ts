// An upstream's error body becomes part of the message the client (and the log) sees. Text is
// kept; anything else (a gzip body undici does not decompress, an image, random bytes) is
// summarised by its content type and size instead of being pasted in as mojibake.
import type { Readable } from 'node:stream';

export const MAX_ERROR_BODY_BYTES = 256 * 1024;

type Headers = Record<string, string | string[] | undefined>;

const TEXT_TYPE = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml)\b|application\/(?:x-www-form-urlencoded|problem\+json|javascript)\b)/i;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** `cut`: the bytes stop at our limit, perhaps inside a character, which is no reason to call them binary */
function isText(bytes: Buffer, cut: boolean): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
    return true;
  } catch {
    return false;
  }
}

/** Why this body is not shown as text (its type, encoding or bytes), or null when it is text. */
export function nonTextDescription(headers: Headers, bytes: Buffer, cut = false): string | null {
  const type = header(headers, 'content-type')?.split(';')[0]?.trim();
  const encoding = header(headers, 'content-encoding')?.trim().toLowerCase();
  const encoded = encoding !== undefined && encoding !== '' && encoding !== 'identity';
  const textual = type === undefined || type === '' || TEXT_TYPE.test(type);
  if (!encoded && textual && isText(bytes, cut)) return null;
  const parts = [type || 'no content type'];
  if (encoded) parts.push(`${encoding}-encoded`);
  return parts.join(', ');
}

/**
 * Reads at most MAX_ERROR_BODY_BYTES of an error body: its text, or a one-line summary when it is
 * not text. Never throws: a body cut off midway gives what arrived.
 */
export async function readErrorBody(body: Readable, headers: Headers, limit = MAX_ERROR_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limit) {
        cut = true;
        chunks.push(buf.subarray(0, buf.length - (size - limit)));
        body.destroy();
        break;
      }
      chunks.push(buf);
    }
  } catch {
    // a body that breaks off: what arrived is all there is
  }
  const bytes = Buffer.concat(chunks);
  const what = nonTextDescription(headers, bytes, cut);
  if (what === null) return bytes.toString('utf8');
  return `[a non-text error body: ${what}, ${cut ? `over ${limit}` : size} bytes]`;
}

const HTML_START = /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<title[\s>]|<(?:h1|center|pre|p)[\s>])/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
const MAX_PLAIN_CHARS = 200;
/** A page's text is looked for in its first 16 KiB: enough for any error page, and bounds the work below. */
const MAX_HTML_SCAN_CHARS = 16 * 1024;

/**
 * `html` without its `<!-- -->` comments and `<script>`, `<style>` and `<head>` elements, each replaced by a
 * space; one left open runs to the end. Linear: a search for each opener, then for its closer, never
 * resumed before where the last one ended (lazy regexes over `<!--<!--<!--…` take quadratic time).
 */
function withoutHiddenParts(html: string): string {
  const opener = /<!--|<(script|style|head)\b/gi;
  let out = '';
  let from = 0;
  for (let m = opener.exec(html); m !== null; m = opener.exec(html)) {
    out += `${html.slice(from, m.index)} `;
    const closer = m[1] === undefined ? /-->/g : new RegExp(`</${m[1]}\\s*>`, 'gi');
    closer.lastIndex = m.index + m[0].length;
    if (closer.exec(html) === null) return out;
    from = closer.lastIndex;
    opener.lastIndex = from;
  }
  return out + html.slice(from);
}

/**
 * An error body as a person reads it in a one-line message: a web server's HTML page (`<html><body>Cannot GET
 * /nope/models</body></html>`, nginx's 404 page) as its text, markup, scripts and styles left out, and cut to a
 * line. Anything else (a provider's JSON, plain text) is returned as it is. Linear in the page's size (a
 * hostile 256 KiB body must not block the event loop): only its first 16 KiB are read.
 */
export function plainErrorText(text: string): string {
  if (!HTML_START.test(text)) return text;
  const plain = withoutHiddenParts(text.slice(0, MAX_HTML_SCAN_CHARS))
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > MAX_PLAIN_CHARS ? `${plain.slice(0, MAX_PLAIN_CHARS - 1)}…` : plain;
}
