// Same format in and out: which stream events may go to the client without being decoded.

/**
 * A text to look for, found through a piece of it (`anchor`) of at most 6 characters. V8 looks for a
 * pattern of 7 or more with a Boyer-Moore-Horspool table it builds on every call (about 0.35 us on a
 * 200-character chunk on the benchmark machine), for a shorter one with a plain scan (about 0.05 us).
 * The anchor also skips the quote a chunk is full of, where a search would stop at every key.
 */
export interface Needle {
  full: string;
  anchor: string;
  /** where the anchor sits in `full` */
  at: number;
}

export function needle(full: string, anchor: string): Needle {
  const at = full.indexOf(anchor);
  if (at === -1 || anchor.length === 0 || anchor.length > 6) throw new Error(`needle ${full}: anchor ${anchor} must be a part of it of 1 to 6 characters`);
  return { full, anchor, at };
}

/** Where `n.full` first occurs in `text` at or after `from`, or -1. */
export function indexOfNeedle(text: string, n: Needle, from = 0): number {
  for (let i = text.indexOf(n.anchor, from + n.at); i !== -1; i = text.indexOf(n.anchor, i + 1)) {
    if (text.startsWith(n.full, i - n.at)) return i - n.at;
  }
  return -1;
}

/** The value of one JSON string token (quotes included), or undefined when it is none. */
export function jsonStringValue(token: string): string | undefined {
  try {
    const text: unknown = JSON.parse(token);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An event's text around one JSON string: `head` up to and with its opening quote, `tail` from its
 * closing quote on. A stream repeats it around every piece of text it sends.
 */
export interface StringFrame {
  head: string;
  tail: string;
  /**
   * the event ends with a member whose value changes every time and is read by no one (OpenAI's
   * `obfuscation`, random padding against size side channels): `tail` then stops at that value's
   * opening quote, and any value of letters, digits, `_` and `-` may follow before the closing `"}`
   */
  paddedEnd?: boolean;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;
const PADDING = /^[A-Za-z0-9_-]*$/;

/**
 * The string's value when `data` is the frame's head, one JSON string, and its tail; else undefined
 * (read the event the long way). No quote may be in between (text with an escaped quote takes the long
 * way too); JSON.parse refuses a backslash escaping the closing quote and raw control characters.
 */
export function framedString(data: string, frame: StringFrame): string | undefined {
  const { head, tail } = frame;
  // slices compared, not startsWith: on Node 20 that walks a long prefix a character at a time (~0.5 us for 130)
  if (data.slice(0, head.length) !== head) return undefined;
  let stop: number;
  if (frame.paddedEnd) {
    // the first quote after the head closes the text (one escaped ends up in the JSON.parse below, and fails it)
    stop = data.indexOf('"', head.length);
    const padding = stop + tail.length;
    if (stop === -1 || padding > data.length - 2 || data.slice(stop, padding) !== tail || !data.endsWith('"}') || !PADDING.test(data.slice(padding, -2))) return undefined;
  } else {
    stop = data.length - tail.length;
    if (stop < head.length || data.slice(stop) !== tail) return undefined;
  }
  const middle = data.slice(head.length, stop);
  if (middle.includes('"')) return undefined;
  // without escapes the text is the middle itself, unless it holds a raw control character (not JSON)
  if (!middle.includes('\\')) return CONTROL.test(middle) ? undefined : middle;
  return jsonStringValue(`"${middle}"`);
}

/**
 * One string of the pieces `framedString` read, to keep past their events. A piece is a slice of its event's
 * data, itself a slice of a network read (V8 makes a substring of 13 characters or more a view into the
 * whole), so a string built of pieces as they came (`+=`, a rope) holds every read they came in alive:
 * 4,096 streamed thinking blocks held 45-82 MB for 6.6 MB of text (review: up to 143x). Joined, the characters are copied out.
 */
export function keptString(pieces: readonly string[]): string {
  // join copies two pieces or more, but returns one as it is
  return pieces.length === 1 ? (JSON.parse(JSON.stringify(pieces[0])) as string) : pieces.join('');
}

const PADDED_END = /,"obfuscation":"[A-Za-z0-9_-]*"\}$/;

/**
 * The frame of a plain event whose text's string opens at `open` and ends just before `end`: a last
 * `obfuscation` member (OpenAI's streams, on by default) is left loose.
 */
export function frameAround(data: string, open: number, end: number): StringFrame {
  const head = data.slice(0, open + 1);
  const tail = data.slice(end - 1);
  const padded = PADDED_END.exec(tail);
  return padded ? { head, tail: tail.slice(0, padded.index + 16), paddedEnd: true } : { head, tail };
}

const USAGE_OBJECT = needle('"usage":{', 'usage');
const TOOL_CALLS = needle('"tool_calls"', '_calls');
const FINISH_REASON = needle('"finish_reason":', 'finish');

/**
 * A chat.completion.chunk that only carries a delta: no finish reason, usage, tool call or error.
 * Cheap substring tests; anything they are unsure of is decoded as usual.
 */
export function isPlainOpenAIDelta(data: string): boolean {
  // finish_reason sits near the end of a chunk: search backwards, and it must be the only one (a second
  // choice's null would hide the first's finish). An error chunk has no choices.
  const f = data.lastIndexOf('"finish_reason":');
  return f !== -1 && data.startsWith('null', f + 16) && indexOfNeedle(data, FINISH_REASON) === f
    && indexOfNeedle(data, USAGE_OBJECT) === -1 && indexOfNeedle(data, TOOL_CALLS) === -1;
}

const TYPE_PREFIX = '{"type":"';

/**
 * The type of a Responses API event whose JSON starts with it, as the API writes them; undefined
 * otherwise (decoded as usual). One indexOf and a slice: a loop of startsWith over long prefixes
 * costs ~100 ns a prefix on Node 20, for every event of a stream.
 */
function leadingType(data: string): string | undefined {
  if (!data.startsWith(TYPE_PREFIX)) return undefined;
  const end = data.indexOf('"', TYPE_PREFIX.length);
  // a type with an escape in it is no type of ours
  return end === -1 || data.charCodeAt(end - 1) === 92 ? undefined : data.slice(TYPE_PREFIX.length, end);
}

/**
 * How a forwarded stream event may go out: `unread`, undecoded at any time (a decoder reads nothing
 * from it); `plain`, undecoded once the client owns the stream (it carries content only); undefined,
 * decoded as usual.
 */
export type ForwardKind = 'plain' | 'unread' | undefined;

const RESPONSES_KINDS = new Map<string, ForwardKind>([
  // deltas (text, call arguments, reasoning summary): the item's response.output_item.done repeats them whole
  ['response.output_text.delta', 'plain'], ['response.function_call_arguments.delta', 'plain'], ['response.reasoning_summary_text.delta', 'plain'],
  // the response's start (response.created carries the request's instructions and tools back, tens of KB
  // from an agent) and the .done and part events whose content response.output_item.done repeats
  ...[
    'response.created', 'response.in_progress', 'response.content_part.added', 'response.content_part.done', 'response.output_text.done',
    'response.refusal.done', 'response.function_call_arguments.done', 'response.reasoning_summary_part.added',
    'response.reasoning_summary_part.done', 'response.reasoning_summary_text.done',
  ].map((type): [string, ForwardKind] => [type, 'unread']),
]);

/** A Responses API event's ForwardKind, from its type (one look for both questions). */
export function responsesEventKind(data: string): ForwardKind {
  const type = leadingType(data);
  return type === undefined ? undefined : RESPONSES_KINDS.get(type);
}

/** A chat.completion.chunk's ForwardKind: plain when isPlainOpenAIDelta says so. */
export function chatEventKind(data: string): ForwardKind {
  return isPlainOpenAIDelta(data) ? 'plain' : undefined;
}

export const isPlainResponsesDelta = (data: string): boolean => responsesEventKind(data) === 'plain';
export const isUnreadResponsesEvent = (data: string): boolean => responsesEventKind(data) === 'unread';
