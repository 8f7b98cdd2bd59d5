// Same format: the content events the relay forwards undecoded once the client owns the stream, measured
// for the output estimate when the provider reports no usage (Switchboard always asks for it, so this
// is seldom read). A short answer's events are only held, as they come (the cheapest on the hot path),
// and decoded after the stream if needed; past HELD_EVENTS they are decoded as they come into a meter of
// their own and nothing of them is kept: a long answer's every event held until its end took ~220 bytes a
// token-sized delta (the event and the network read its data is a slice of), hundreds of MB over a few
// dozen concurrent streams.
import type { SseEvent, StreamDecoder } from '../../core/canonical';
import { OutputMeter } from './output-meter';

/** Forwarded events held undecoded before they are decoded as they come. */
export const HELD_EVENTS = 256;

export class ForwardedMeter {
  private held: SseEvent[] = [];
  private decoder: StreamDecoder | undefined;
  private readonly spilled = new OutputMeter();
  private spilling = false;

  /** `lateDecoder`: a decoder for forwarded events (none: nothing reads them, nothing is kept) */
  constructor(private readonly lateDecoder: (() => StreamDecoder) | undefined) {}

  add(e: SseEvent): void {
    if (this.spilling) this.measure(e);
    else if (this.held.length < HELD_EVENTS) this.held.push(e);
    else if (this.lateDecoder) {
      this.spilling = true;
      this.decoder = this.lateDecoder();
      const held = this.held;
      this.held = [];
      for (const h of held) this.measure(h);
      this.measure(e);
    }
  }

  /** Forwarded events kept (held, undecoded) right now. */
  get retained(): number {
    return this.held.length;
  }

  /** What was forwarded, decoded and added to `output` after what it has, in the order it came. */
  measureInto(output: OutputMeter): void {
    if (!this.lateDecoder) return;
    if (this.spilling) {
      output.addMeter(this.spilled);
      return;
    }
    const decoder = this.lateDecoder();
    for (const e of this.held) addParts(decoder, e, output);
    this.held = [];
  }

  private measure(e: SseEvent): void {
    addParts(this.decoder!, e, this.spilled);
  }
}

function addParts(decoder: StreamDecoder, e: SseEvent, output: OutputMeter): void {
  for (const p of decoder.push(e)) {
    if (p.type === 'text-delta' || p.type === 'reasoning-delta') output.add(p.text);
    else if (p.type === 'tool-call-delta') output.add(p.argumentsDelta);
  }
}
