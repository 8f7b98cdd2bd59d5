// Gemini takes any schema as the answer's (an ARRAY, a STRING enum under `text/x.enum`); OpenAI's
// structured outputs take only an object at the root (a 400 otherwise). Crossing formats, such a schema
// goes as an object of one member, `result`, and the answer is the member's value: the JSON text of it,
// or, for `text/x.enum`, the bare value, unquoted, as Gemini answers. A model that wrote something else
// (no such object) is answered as it wrote it.

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

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The answer a client asked for, from the text of the wrapped one (the text itself if it is not one). */
export function unwrapResult(text: string, kind: WrappedResult): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isObject(parsed) || !('result' in parsed)) return text;
  const value = parsed.result;
  return kind === 'enum' && typeof value === 'string' ? value : JSON.stringify(value);
}

const PREFIX = '{"result":';
const OPENING = /^\s*\{\s*"result"\s*:\s*/;
/** what may still be the wrapper's closing brace: the last `}` and the white space around it */
const CLOSING = /\s*(\}\s*)?$/;

/**
 * A streamed wrapped answer, unwrapped as it comes: the opening `{"result":` is held until it is whole
 * and left out, and what may be the closing `}` is held until more text shows it was the value's. An
 * enum is a few characters and is unquoted whole, at the end.
 */
export class ResultUnwrapper {
  private head = '';
  private tail = '';
  private state: 'opening' | 'value' | 'raw' = 'opening';
  private leading = true;

  constructor(private readonly kind: WrappedResult) {}

  /** the text to send for this delta (possibly none yet) */
  push(delta: string): string {
    if (this.state === 'raw') return delta;
    if (this.state === 'value') return this.hold(delta);
    this.head += delta;
    if (this.kind === 'enum') return '';
    const opening = OPENING.exec(this.head);
    if (opening) {
      const rest = this.head.slice(opening[0].length);
      this.head = '';
      this.state = 'value';
      return this.hold(rest);
    }
    const compact = this.head.replace(/\s+/g, '');
    if (PREFIX.startsWith(compact)) return '';
    this.state = 'raw';
    const out = this.head;
    this.head = '';
    return out;
  }

  /** what is left to send when the answer ends */
  end(): string {
    if (this.kind === 'enum') return unwrapResult(this.head, 'enum');
    if (this.state !== 'value') return this.head;
    // the held tail is the wrapper's close unless the model never closed it
    return this.tail.includes('}') ? '' : this.tail;
  }

  private hold(text: string): string {
    // white space between the opening and the value may come after the opening's colon
    if (this.leading) {
      text = text.trimStart();
      if (text === '') return '';
      this.leading = false;
    }
    const all = this.tail + text;
    const closing = CLOSING.exec(all);
    const at = closing ? closing.index : all.length;
    this.tail = all.slice(at);
    return all.slice(0, at);
  }
}
