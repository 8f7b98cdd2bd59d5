// Gemini takes any schema as the answer's (an ARRAY, a STRING enum under `text/x.enum`); OpenAI's
// structured outputs take only an object at the root (a 400 otherwise). Crossing formats, such a schema
// goes as an object of one member, `result`, and the answer is the member's value: the JSON text of it,
// or, for `text/x.enum`, the bare value, unquoted, as Gemini answers. A model that wrote something else
// (no such object) is answered as it wrote it.
import { isJsonObject } from '../../json-object';

type Json = Record<string, unknown>;

/** how an answer wrapped as `{"result": ...}` is given back */
export type WrappedResult = 'json' | 'enum';

const DEFS = ['$defs', 'definitions'] as const;

/** `schema` under `result` of an object; its definitions stay at the root, where its `$ref`s point. */
export function wrapResultSchema(schema: Json): Json {
  const inner: Json = { ...schema };
  const root: Json = { type: 'object', properties: { result: inner }, required: ['result'], additionalProperties: false };
  for (const key of DEFS) {
    if (key in inner) {
      root[key] = inner[key];
      delete inner[key];
    }
  }
  return root;
}

/** The answer a client asked for, from the text of the wrapped one (the text itself if it is not one). */
export function unwrapResult(text: string, kind: WrappedResult): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isJsonObject(parsed) || !('result' in parsed)) return text;
  const value = parsed.result;
  if (kind === 'enum' && typeof value === 'string') return value;
  return rawResult(text) ?? JSON.stringify(value);
}

const OPENING = /^\s*\{\s*"result"\s*:/;

/**
 * The member's text as the model wrote it (JSON.stringify would turn 9007199254740993 into
 * ...992, 1.50 into 1.5 and 1e400 into null): what stands between the opening and the wrapper's last `}`,
 * when that alone is the one value (not, say, `1, "other": 2`).
 */
function rawResult(text: string): string | undefined {
  const opening = OPENING.exec(text);
  if (!opening) return undefined;
  const raw = text.slice(opening[0].length, text.lastIndexOf('}')).trim();
  try {
    JSON.parse(raw);
  } catch {
    return undefined;
  }
  return raw;
}

const PREFIX = '{"result":';
/** where white space may stand in the opening `{"result":`: before the `{`, after it, before the `:` */
const SPACE_BEFORE = new Set([0, 1, 9]);
/**
 * A run of white space outside strings (never significant in JSON) is kept to this length, the rest
 * dropped, so a model streaming white space without end costs a bounded amount per delta.
 */
const MAX_HELD_SPACE = 1024;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

/**
 * A streamed wrapped answer, unwrapped as it comes: the opening `{"result":` is held until it is whole
 * and left out, and what may be the closing `}` (the last one outside a string, with the white space
 * around it) is held until more text shows it was the value's. Each delta's own text is read once. An
 * enum is a few characters and is unquoted whole, at the end.
 */
export class ResultUnwrapper {
  private head = '';
  /** characters of PREFIX the opening has matched */
  private matched = 0;
  private state: 'opening' | 'value' | 'raw' = 'opening';
  private leading = true;
  /** the held tail: white space, then maybe a `}` and the white space after it */
  private before = '';
  private brace = false;
  private after = '';
  private inString = false;
  private escaped = false;

  constructor(private readonly kind: WrappedResult) {}

  /** characters held back so far: bounded for a JSON answer, whatever the stream (an enum is held whole) */
  get held(): number {
    return this.head.length + this.before.length + this.after.length + (this.brace ? 1 : 0);
  }

  /** the text to send for this delta (possibly none yet) */
  push(delta: string): string {
    if (this.state === 'raw') return delta;
    if (this.state === 'value') return this.hold(delta);
    if (this.kind === 'enum') {
      this.head += delta;
      return '';
    }
    for (let i = 0; i < delta.length; i++) {
      const c = delta[i]!;
      if (c === PREFIX[this.matched]) {
        this.matched++;
        if (this.matched === PREFIX.length) {
          this.head = '';
          this.state = 'value';
          return this.hold(delta.slice(i + 1));
        }
        this.head += c;
      } else if (isSpace(c) && SPACE_BEFORE.has(this.matched)) {
        if (this.head.length < MAX_HELD_SPACE + PREFIX.length) this.head += c;
      } else {
        this.state = 'raw';
        const out = this.head + delta.slice(i);
        this.head = '';
        return out;
      }
    }
    return '';
  }

  /** what is left to send when the answer ends */
  end(): string {
    if (this.kind === 'enum') return unwrapResult(this.head, 'enum');
    if (this.state !== 'value') return this.head;
    // the held tail is the wrapper's close unless the model never closed it
    return this.brace ? '' : this.before;
  }

  private hold(text: string): string {
    // white space between the opening and the value may come after the opening's colon
    if (this.leading) {
      text = text.trimStart();
      if (text === '') return '';
      this.leading = false;
    }
    let out = '';
    /** text[from, i) is to be sent as it is */
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (isSpace(c) || c === '}') {
        out += text.slice(from, i);
        from = i + 1;
        if (c === '}') out += this.holdBrace();
        else this.holdSpace(c);
        continue;
      }
      if (c === '"') this.inString = true;
      out += this.release();
    }
    return out + text.slice(from);
  }

  /** white space outside a string lies between tokens: past the bound it is dropped */
  private holdSpace(c: string): void {
    if (this.brace) {
      if (this.after.length < MAX_HELD_SPACE) this.after += c;
    } else if (this.before.length < MAX_HELD_SPACE) {
      this.before += c;
    }
  }

  /** a `}` outside a string: the one held before it (if any) was the value's */
  private holdBrace(): string {
    if (!this.brace) {
      this.brace = true;
      return '';
    }
    const out = `${this.before}}`;
    this.before = this.after;
    this.after = '';
    return out;
  }

  /** a character of the value: what was held was the value's too */
  private release(): string {
    if (this.before === '' && !this.brace) return '';
    const out = this.brace ? `${this.before}}${this.after}` : this.before;
    this.before = '';
    this.brace = false;
    this.after = '';
    return out;
  }
}
