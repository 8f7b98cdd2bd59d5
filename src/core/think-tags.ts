// Local reasoning models (Qwen3, DeepSeek-R1, QwQ) served by a server that does not separate their thinking
// (Ollama's OpenAI endpoint before 0.12.5, LM Studio without its reasoning setting, llama-server without
// --reasoning-format) write it at the start of the answer's text: `<think>...</think>` then the answer. A
// client of another format would show it as answer text; here a LEADING think block (after whitespace at
// most, whole or split across chunks) becomes reasoning, and a `<think>` anywhere later stays text.
import type { CanonicalResponse, StreamDecoder, StreamPart } from './canonical';
import { mappedDecoder } from './mapped-decoder';

const OPEN = '<think>';
const CLOSE = '</think>';
const LEADING = /^\s*<think>/;

/** `text` with a leading think block split off: the reasoning (undefined when none leads) and the answer. */
export function splitLeadingThink(text: string): { reasoning?: string; text: string } {
  const open = LEADING.exec(text);
  if (!open) return { text };
  const rest = text.slice(open[0].length);
  const close = rest.indexOf(CLOSE);
  // no closing tag: the model was cut off while thinking, and all of it is thinking
  if (close === -1) return { reasoning: rest.trimStart(), text: '' };
  return { reasoning: rest.slice(0, close).trimStart(), text: rest.slice(close + CLOSE.length).trimStart() };
}

/** A whole answer with its leading think block read as reasoning (after any reasoning the server separated). */
export function withLeadingThinkSplit(r: CanonicalResponse): CanonicalResponse {
  const split = splitLeadingThink(r.text);
  if (split.reasoning === undefined) return r;
  const reasoning = (r.reasoning ?? '') + split.reasoning;
  return { ...r, text: split.text, ...(reasoning.length > 0 ? { reasoning } : {}) };
}

/** How much of the end of `s` could begin `tag` (a tag split across chunks). */
function partialTail(s: string, tag: string): number {
  for (let n = Math.min(s.length, tag.length - 1); n > 0; n--) if (tag.startsWith(s.slice(s.length - n))) return n;
  return 0;
}

/** lead: nothing but whitespace yet; opened: after <think>; inside: thinking; after: after </think>; passed: the rest */
type State = 'lead' | 'opened' | 'inside' | 'after' | 'passed';

/**
 * A stream's parts with a leading think block's text turned into reasoning deltas: text is held only while
 * it may still be the opening tag, or the end of the closing one; every other part goes as it came.
 */
export function createThinkSplitter(): (parts: StreamPart[]) => StreamPart[] {
  let state: State = 'lead';
  let held = '';
  /** lead: the text held from its first non-whitespace character on (whitespace alone is trimmed once, as it comes) */
  let leadStart = '';
  const textPart = (text: string): StreamPart => ({ type: 'text-delta', text });
  const reasoningPart = (text: string): StreamPart => ({ type: 'reasoning-delta', text });

  /** Text read in the current state; what may be given out already is pushed to `out`. */
  function take(text: string, out: StreamPart[]): void {
    if (state === 'lead') {
      held += text;
      leadStart += leadStart.length === 0 ? text.trimStart() : text;
      if (leadStart.length === 0 || (leadStart.length < OPEN.length && OPEN.startsWith(leadStart))) return;
      const start = leadStart;
      leadStart = '';
      if (!start.startsWith(OPEN)) {
        state = 'passed';
        out.push(textPart(held));
        held = '';
        return;
      }
      state = 'opened';
      const after = start.slice(OPEN.length);
      held = '';
      if (after.length > 0) take(after, out);
      return;
    }
    if (state === 'opened') {
      // whitespace right after the tag is not thinking; the text after it is
      const start = text.trimStart();
      if (start.length === 0) return;
      state = 'inside';
      return take(start, out);
    }
    if (state === 'inside') {
      held += text;
      const close = held.indexOf(CLOSE);
      if (close !== -1) {
        if (close > 0) out.push(reasoningPart(held.slice(0, close)));
        const rest = held.slice(close + CLOSE.length);
        held = '';
        state = 'after';
        if (rest.length > 0) take(rest, out);
        return;
      }
      const keep = partialTail(held, CLOSE);
      const ready = held.slice(0, held.length - keep);
      if (ready.length > 0) out.push(reasoningPart(ready));
      held = held.slice(held.length - keep);
      return;
    }
    if (state === 'after') {
      const start = text.trimStart();
      if (start.length === 0) return;
      state = 'passed';
      out.push(textPart(start));
      return;
    }
    out.push(textPart(text));
  }

  /** Anything else arrived (a tool call, the finish, an error): what is held goes first, as what it is. */
  function flush(out: StreamPart[]): void {
    if (held.length > 0) out.push(state === 'inside' ? reasoningPart(held) : textPart(held));
    held = '';
    if (state === 'lead') state = 'passed';
  }

  return (parts) => {
    if (state === 'passed' || parts.length === 0) return parts;
    const out: StreamPart[] = [];
    for (const p of parts) {
      if ((state as State) === 'passed') out.push(p);
      else if (p.type === 'text-delta' && !p.refusal) take(p.text, out);
      else if (p.type === 'start' || p.type === 'reasoning-delta' || p.type === 'usage') out.push(p);
      else {
        flush(out);
        out.push(p);
      }
    }
    return out;
  };
}

/** A decoder whose parts go through a think splitter. */
export function splittingLeadingThink(inner: StreamDecoder): StreamDecoder {
  return mappedDecoder(inner, createThinkSplitter());
}
