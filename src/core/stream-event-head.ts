// A stream repeats the same text before the piece each event carries: `{"id":"chatcmpl-1",...,"delta":{"content":"`
// (chat), `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"` (Anthropic), the same
// but for its `sequence_number` (Responses). The stream key watch finds an event's text members with a regular
// expression that stops at every quote; an event that starts with the last one's head has its first text member
// where the head ends, found with one comparison (two when a number in the head changes every event).
//
// Exact, not a guess: a text member (`"name"\s*:\s*"`) holds only a name's letters, quotes, whitespace and a
// colon, so none can begin in the head and end past it, nor cross the run of digits the head lets vary. The
// first member of an event that starts with the head is the head's own, wherever the events differ after it.

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function digitsFrom(text: string, i: number): number {
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** Where the first member value made of digits begins (just after `":`) before `end`, or -1. */
function firstNumberValue(data: string, end: number): number {
  for (let i = data.indexOf('":'); i !== -1 && i + 2 < end; i = data.indexOf('":', i + 2)) {
    if (isDigit(data.charCodeAt(i + 2))) return i + 2;
  }
  return -1;
}

/** One head: the text before an event's first text member's value. */
class Head {
  whole = '';
  /** the head up to its first number member's value, and after that number (`..."sequence_number":` 11 `,"item_id":...,"delta":"`); `after` is '' when it has none */
  before = '';
  after = '';
  /** the number changes every event (Responses' sequence_number): the head is matched around it */
  varies = false;
  field = -1;
  checked = false;

  find(data: string): number {
    // slices compared, not startsWith: on Node 20 that walks a long prefix a character at a time
    if (!this.varies) return this.whole !== '' && data.length > this.whole.length && data.slice(0, this.whole.length) === this.whole ? this.whole.length - 1 : -1;
    const { before, after } = this;
    if (data.length <= before.length + after.length || data.slice(0, before.length) !== before) return -1;
    const at = digitsFrom(data, before.length);
    // at least one digit: with none, `before` and `after` would join into text of their own, which may hold a member
    if (at === before.length) return -1;
    return data.slice(at, at + after.length) === after ? at + after.length - 1 : -1;
  }

  /** Read from `data`; `last` is the head before it, which it may be but for a number. */
  set(data: string, open: number, field: number, checked: boolean, last: Head): void {
    this.checked = checked;
    const number = firstNumberValue(data, open);
    this.before = number === -1 ? '' : data.slice(0, number);
    this.after = number === -1 ? '' : data.slice(digitsFrom(data, number), open + 1);
    this.varies = this.after !== '' && field === last.field && this.before === last.before && this.after === last.after;
    this.whole = data.slice(0, open + 1);
    this.field = field;
  }
}

/** Events in a row that start with neither head, after which a stream's heads are no longer read nor compared (an id of its own in every event). */
const GIVE_UP_AFTER = 8;

/** The last two heads a stream's events had: events of two kinds in turn (reasoning, then content, again and again) find theirs too. */
export class StreamEventHead {
  private current = new Head();
  private previous = new Head();
  private misses = 0;

  /** the first text member's field, as the caller numbers them */
  get field(): number {
    return this.current.field;
  }

  /** the event the head was read from was found to hold no key alone (the caller's to say) */
  get checked(): boolean {
    return this.current.checked;
  }

  /** Where the head's text member's value opens in `data` (the index of its opening quote), or -1 when `data` does not start with either head. */
  find(data: string): number {
    if (this.misses >= GIVE_UP_AFTER) return -1;
    const open = this.current.find(data);
    if (open !== -1) {
      this.misses = 0;
      return open;
    }
    const before = this.previous.find(data);
    if (before === -1) this.misses++;
    else {
      this.misses = 0;
      [this.current, this.previous] = [this.previous, this.current];
    }
    return before;
  }

  /** Where an event the head was found in (find gave `open`) may first differ from the event the head was read from. */
  changesFrom(open: number): number {
    return this.current.varies ? this.current.before.length : open + 1;
  }

  /** The head is `data` up to `open`, the opening quote of its first text member's value, of `field`. */
  set(data: string, open: number, field: number, checked: boolean): void {
    if (this.misses >= GIVE_UP_AFTER) return;
    const next = this.previous;
    next.set(data, open, field, checked, this.current);
    this.previous = this.current;
    this.current = next;
  }
}
