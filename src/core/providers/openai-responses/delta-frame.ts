// A Responses delta event read without JSON.parse: the events of one item repeat everything around the
// delta's text but their sequence_number (and OpenAI's obfuscation padding), so one parsed the long way
// gives the frame the next are compared to (as the chat decoder's framedString). A forwarded long answer
// is measured as it comes (node/proxy/forwarded-meter.ts): a parse of every event cost ~2 us, twice the relay's own.
import { framedString, type StringFrame } from '../../plain-delta';

export interface DeltaFrame {
  /** up to and with `"sequence_number":` ('' when the event has none there) */
  lead: string;
  /** the rest, around the delta's text */
  frame: StringFrame;
}

const DELTA_KEY = '"delta":"';
const PADDED_END = /,"obfuscation":"[A-Za-z0-9_-]*"\}$/;

/** Index just past the JSON string whose opening quote is at `at`, or -1. */
function stringEnd(text: string, at: number): number {
  for (let i = text.indexOf('"', at + 1); i !== -1; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    for (let k = i - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if ((backslashes & 1) === 0) return i + 1;
  }
  return -1;
}

/** Where the digits of a sequence_number after `lead` end in `data`. */
function digitsEnd(data: string, from: number): number {
  let i = from;
  while (i < data.length && data.charCodeAt(i) >= 0x30 && data.charCodeAt(i) <= 0x39) i++;
  return i > from ? i : -1;
}

/**
 * The frame of `data`, an event JSON.parse read as having type `type` and the string `delta`: undefined
 * unless its one `"delta":"` member holds that value, in a layout the next events can be compared to.
 */
export function learnDeltaFrame(data: string, type: string, delta: string): DeltaFrame | undefined {
  const seqLead = `{"type":${JSON.stringify(type)},"sequence_number":`;
  const lead = data.startsWith(seqLead) ? seqLead : '';
  const from = lead === '' ? 0 : digitsEnd(data, lead.length);
  const at = data.indexOf(DELTA_KEY, from);
  if (from === -1 || at === -1 || data.indexOf(DELTA_KEY, at + 1) !== -1 || !data.startsWith(`{"type":${JSON.stringify(type)},`)) return undefined;
  const open = at + DELTA_KEY.length - 1;
  const end = stringEnd(data, open);
  if (end === -1) return undefined;
  const rest = data.slice(from);
  const head = rest.slice(0, open + 1 - from);
  const tail = data.slice(end - 1);
  const padded = PADDED_END.exec(tail);
  const frame: StringFrame = padded ? { head, tail: tail.slice(0, padded.index + 16), paddedEnd: true } : { head, tail };
  // the frame reads this event's text as JSON.parse did, or it is none
  return framedString(rest, frame) === delta ? { lead, frame } : undefined;
}

/** The delta's text when `data` is in `f`'s frame (the same item, type and layout); else undefined. */
export function framedDelta(data: string, f: DeltaFrame): string | undefined {
  if (f.lead === '') return framedString(data, f.frame);
  if (data.slice(0, f.lead.length) !== f.lead) return undefined;
  const from = digitsEnd(data, f.lead.length);
  return from === -1 ? undefined : framedString(data.slice(from), f.frame);
}
