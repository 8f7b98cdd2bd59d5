// Same format: the content events the relay forwards undecoded once the client owns the stream, measured
// for the output estimate when the provider reports no usage (Switchboard always asks for it, so this
// is seldom read). The first HELD_EVENTS are held, as they come (the cheapest on the hot path), and
// decoded after the stream if needed. Past them an event is neither kept nor read, only its data's length
// summed: a long answer's every event held until its end took ~220 bytes a token-sized delta (the event
// and the network read its data is a slice of), hundreds of MB over a few dozen concurrent streams, and
// decoding each as it came cost a third more CPU an event for an estimate seldom wanted. Past the exact
// budget (OutputMeter) only the text's length counts, and it is the data's less the framing around the
// text, which one event in SAMPLE_EVERY of the same type shows (the same fields and ids each event, once
// framedLength() leaves out the padding and escapes that are not).
import type { SseEvent, StreamDecoder } from '../../core/canonical';
import { isJsonObject, jsonObjectOf } from '../../core/json-object';
import type { OutputMeter } from './output-meter';

/** Forwarded events held undecoded; past them only their length is summed. */
export const HELD_EVENTS = 256;

/** Of the events past the held ones of a type, the first and one in this many are read for the framing around their text. */
const SAMPLE_EVERY = 256;

/** The events past the held ones of one type (SSE event name: a Responses delta's, none for chat). */
interface Spill {
  name: string | undefined;
  /** the text of those charged so far, estimated */
  text: number;
  /** those not charged yet: how many, and their framedLength() */
  events: number;
  chars: number;
  /** all of them */
  seen: number;
  /** the framing of the last one read (its framedLength less its text); undefined before one is */
  framing: number | undefined;
}

export class ForwardedMeter {
  private held: SseEvent[] = [];
  /** the events past the held ones, by type (a few: the three Responses delta types, chat's one) */
  private readonly spills: Spill[] = [];
  private spill: Spill | undefined;
  /** whether any came since spilledSince() */
  private spilledNew = false;

  /** `lateDecoder`: a decoder for forwarded events (none: nothing reads them, nothing is kept) */
  constructor(private readonly lateDecoder: (() => StreamDecoder) | undefined) {}

  add(e: SseEvent): void {
    if (this.held.length < HELD_EVENTS) {
      if (this.lateDecoder) this.held.push(e);
      return;
    }
    if (!this.lateDecoder) return;
    let s = this.spill;
    if (s === undefined || s.name !== e.event) s = this.spillOf(e.event);
    const chars = framedLength(e.data);
    s.events++;
    s.chars += chars;
    this.spilledNew = true;
    if (s.seen++ % SAMPLE_EVERY === 0) sample(s, e.data, chars);
  }

  /** Whether events went by unheld since this was last asked (the stream's decoder is told: StreamDecoder.forwardedSpilled). */
  spilledSince(): boolean {
    const s = this.spilledNew;
    this.spilledNew = false;
    return s;
  }

  /** Forwarded events kept (held, undecoded) right now. */
  get retained(): number {
    return this.held.length;
  }

  /** What was forwarded added to `output` after what it has: the held events decoded, then the length of the rest's text. */
  measureInto(output: OutputMeter): void {
    if (!this.lateDecoder) return;
    const decoder = this.lateDecoder();
    for (const e of this.held) {
      for (const p of decoder.push(e)) {
        if (p.type === 'text-delta' || p.type === 'reasoning-delta') output.add(p.text);
        else if (p.type === 'tool-call-delta') output.add(p.argumentsDelta);
      }
    }
    let chars = 0;
    // none read (not JSON): the whole data counted, more, never less
    for (const s of this.spills) chars += Math.max(0, Math.round(s.text + s.chars - s.events * (s.framing ?? 0)));
    if (this.spills.length > 0) output.addLength(chars);
    this.held = [];
  }

  private spillOf(name: string | undefined): Spill {
    let s = this.spills.find((x) => x.name === name);
    if (!s) {
      s = { name, text: 0, events: 0, chars: 0, seen: 0, framing: undefined };
      this.spills.push(s);
    }
    this.spill = s;
    return s;
  }
}

/**
 * `data`, of `chars` framedLength, read for its text: the framing around it is what the next events of
 * its type have but for a counter's digits (a Responses sequence_number), so the events since the one
 * read before are charged at the mean of its framing and this one's (half a character off an event
 * between two where the counter gained a digit).
 */
function sample(s: Spill, data: string, chars: number): void {
  const text = plainDeltaChars(data);
  if (text === undefined) return;
  const framing = chars - text;
  s.text += s.chars - s.events * (s.framing === undefined ? framing : (s.framing + framing) / 2);
  s.events = 0;
  s.chars = 0;
  s.framing = framing;
}

/**
 * An event's data's characters less what differs from one to the next of the same type but its text's
 * length, as far as a few native searches for one character tell (a character read by charCodeAt, a
 * slice compared or a search for a longer string cost 10-100 ns each here, on strings sliced from the
 * network's reads): OpenAI's padding against size side channels (random, last: `"obfuscation":"..."}`),
 * and the second character of each escape.
 */
export function framedLength(data: string): number {
  let n = data.length;
  if (data.charCodeAt(n - 1) === 0x7d && data.charCodeAt(n - 2) === 0x22) {
    const open = data.lastIndexOf('"', n - 3);
    // "obfuscation": by its colon, last letter, second, and opening quote
    if (open > 13 && data.charCodeAt(open - 1) === 0x3a && data.charCodeAt(open - 3) === 0x6e && data.charCodeAt(open - 12) === 0x62 && data.charCodeAt(open - 14) === 0x22) n = open + 3;
  }
  // an escape is one character of text (the rare \uXXXX of a control character five more)
  for (let i = data.indexOf('\\'); i !== -1; i = data.indexOf('\\', i + 2)) n--;
  return n;
}

/**
 * The characters of text a forwarded content event carries: a Responses delta's `delta`, a chat chunk's
 * content and refusal (as the decoders read them); undefined when it is neither.
 */
export function plainDeltaChars(data: string): number | undefined {
  const e = jsonObjectOf(data);
  if (!e) return undefined;
  if (typeof e.delta === 'string') return e.delta.length;
  if (!Array.isArray(e.choices)) return undefined;
  let chars = 0;
  for (const c of e.choices) {
    const d = isJsonObject(c) && isJsonObject(c.delta) ? c.delta : undefined;
    if (!d) continue;
    if (Array.isArray(d.content)) return undefined;
    if (typeof d.content === 'string') chars += d.content.length;
    if (typeof d.refusal === 'string') chars += d.refusal.length;
  }
  return chars;
}
