// Base64 as clients send it, in the form every provider takes. Google's proto3 JSON reads bytes in
// standard or URL-safe base64 (RFC 4648 §4, §5), so the official Python SDK (google-genai) sends
// inlineData.data URL-safe; Anthropic refuses that, and a data URL carries it to OpenAI as sent.
// Standard base64 (the common case) is checked in one regex pass and returned as it came; the other
// forms are decoded and encoded again (0.1-0.2 s for 20 MB, once per request that crosses formats).

/** any character outside the standard alphabet and its padding */
const OUTSIDE_STANDARD = /[^A-Za-z0-9+/=]/;
/** any character outside both alphabets, padding and the whitespace MIME's line breaks bring */
const OUTSIDE_EITHER = /[^A-Za-z0-9+/=_\-\t\n\f\r ]/;
const WHITESPACE = /[\t\n\f\r ]/;
const EQUALS = 61;

/**
 * `data` in standard, padded base64; undefined when it is not base64 in either alphabet. Line breaks and
 * spaces go, `-` and `_` become `+` and `/`, missing padding is put back.
 */
export function standardBase64(data: string): string | undefined {
  if (!OUTSIDE_STANDARD.test(data)) {
    const end = dataEnd(data);
    if (end === undefined) return undefined;
    const wanted = (4 - (end % 4)) % 4;
    return data.length - end === wanted ? data : data.slice(0, end) + '='.repeat(wanted);
  }
  if (OUTSIDE_EITHER.test(data)) return undefined;
  const compact = WHITESPACE.test(data) ? data.replace(new RegExp(WHITESPACE.source, 'g'), '') : data;
  if (dataEnd(compact) === undefined) return undefined;
  // Node's base64url decoding reads both alphabets; encoding pads
  return Buffer.from(compact, 'base64url').toString('base64');
}

/**
 * Where the characters before the padding end; undefined when `=` stands before the end or more than two
 * of them do, or the last group has one character (no whole byte).
 */
function dataEnd(s: string): number | undefined {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === EQUALS) end--;
  const first = s.indexOf('=');
  if (s.length - end > 2 || end % 4 === 1 || (first !== -1 && first < end)) return undefined;
  return end;
}
