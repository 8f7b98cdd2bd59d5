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

export class StreamEventHead {
  private whole = '';
  /** the head up to its first number member's value, and after that number (`..."sequence_number":` 11 `,"item_id":...,"delta":"`); `after` is '' when it has none */
  private before = '';
  private after = '';
  /** the number changes every event (Responses' sequence_number): the head is matched around it */
  private varies = false;
  /** the first text member's field, as the caller numbers them */
  field = -1;
  /** the event the head was read from was found to hold no key alone (the caller's to say) */
  checked = false;

  /** Where the head's text member's value opens in `data` (the index of its opening quote), or -1 when `data` does not start with the head. */
  find(data: string): number {
    // slices compared, not startsWith: on Node 20 that walks a long prefix a character at a time
    if (!this.varies) return this.whole !== '' && data.length > this.whole.length && data.slice(0, this.whole.length) === this.whole ? this.whole.length - 1 : -1;
    const { before, after } = this;
    if (data.length <= before.length + after.length || data.slice(0, before.length) !== before) return -1;
    const at = digitsFrom(data, before.length);
    return data.slice(at, at + after.length) === after ? at + after.length - 1 : -1;
  }

  /** Where an event the head was found in (find gave `open`) may first differ from the event the head was read from. */
  changesFrom(open: number): number {
    return this.varies ? this.before.length : open + 1;
  }

  /** The head is `data` up to `open`, the opening quote of its first text member's value, of `field`. */
  set(data: string, open: number, field: number, checked: boolean): void {
    this.checked = checked;
    const number = firstNumberValue(data, open);
    const before = number === -1 ? '' : data.slice(0, number);
    const after = number === -1 ? '' : data.slice(digitsFrom(data, number), open + 1);
    this.varies = after !== '' && field === this.field && before === this.before && after === this.after;
    this.whole = data.slice(0, open + 1);
    this.before = before;
    this.after = after;
    this.field = field;
  }
}
