// The deltas of one read of an upstream stream, joined before they are translated: a client of another
// format gets one text (or reasoning, or tool-argument) event for a run of them, not one per upstream
// event. Nothing waits for more: what arrived together goes out together, as soon as it would have.
// Upstreams that send one token a read are unchanged; when events pile up (a burst, a busy moment) the
// proxy's work and the bytes it writes grow with the reads, not with the events.
import type { StreamPart } from './canonical';

type Joinable = Extract<StreamPart, { type: 'text-delta' | 'reasoning-delta' | 'tool-call-delta' }>;

function joins(last: StreamPart, p: StreamPart): boolean {
  if (last.type !== p.type) return false;
  // a refusal stays apart from answer text: a chat client gets it in its own field
  if (p.type === 'text-delta') return (last as typeof p).refusal === p.refusal;
  if (p.type === 'reasoning-delta') return true;
  return p.type === 'tool-call-delta' && (last as Joinable & { index: number }).index === p.index;
}

/** Adjacent deltas of the same kind (a tool call's arguments: of the same call) as one; the rest as it is. */
export function coalesceDeltas(parts: StreamPart[]): StreamPart[] {
  if (parts.length < 2) return parts;
  const out: StreamPart[] = [];
  // the part at the end of `out` is one this made (the decoder's own are never changed)
  let own = false;
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last === undefined || !joins(last, p)) {
      out.push(p);
      own = false;
      continue;
    }
    const joined: Joinable = own ? (last as Joinable) : { ...(last as Joinable) };
    if (joined.type === 'tool-call-delta') joined.argumentsDelta += (p as typeof joined).argumentsDelta;
    else joined.text += (p as typeof joined).text;
    out[out.length - 1] = joined;
    own = true;
  }
  return out;
}
