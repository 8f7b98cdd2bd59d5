import { describe, expect, it } from 'vitest';
import { StreamKeyWatch } from './stream-key-watch';

const KEY = 'custkey-ABCDEFGH12345678secret';
const chat = (delta: Record<string, unknown>): string =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: null }] });
const content = (t: string): string => chat({ content: t });
const args = (t: string): string => chat({ tool_calls: [{ index: 0, function: { arguments: t } }] });
const anthropic = (t: string): string => JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } });
const responses = (t: string): string => JSON.stringify({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: t });

/** the index of the first event the watch stops at, or -1 */
function stopsAt(events: string[], keys: string[] = [KEY]): number {
  const w = new StreamKeyWatch(keys);
  return events.findIndex((e) => w.carries(e));
}

describe('StreamKeyWatch', () => {
  it('finds a key split in two content deltas, at the event that completes it', () => {
    expect(stopsAt([content('your key: '), content('custkey-ABCDEFG'), content('H12345678secret'), content(' bye')])).toBe(2);
  });

  it('finds a key split in three, in each format', () => {
    for (const f of [content, anthropic, responses]) {
      expect(stopsAt([f('custkey-AB'), f('CDEFGH1234'), f('5678secret')])).toBe(2);
    }
  });

  it('reads the text members only, spaced or escaped, as a client\'s JSON.parse reads them', () => {
    // a spaced member, its value's escapes read: \u0041 is A
    expect(stopsAt(['{"id":"x","content" : "custkey-\\u0041BCDEFG"}', '{"content":"H12345678secret"}'])).toBe(1);
    expect(stopsAt(['{"id":"x","content" : "custkey-ABCDEFG"}', '{"content":"H12345678secret"}'])).toBe(1);
    // the value of a member that is no text (a type, an id) is not the text the client reads
    expect(stopsAt(['{"type":"custkey-ABCDEFG","n":1}', '{"type":"text","text":"H12345678secret"}'])).toBe(-1);
  });

  it('finds a key split across tool-call arguments', () => {
    expect(stopsAt([args('{"k":"custkey-ABCD'), args('EFGH12345678'), args('secret"}')])).toBe(2);
  });

  it('keeps each field apart: reasoning between two pieces of content does not part them', () => {
    expect(stopsAt([content('custkey-ABCDEFG'), chat({ reasoning_content: 'hmm' }), content('H12345678secret')])).toBe(2);
  });

  it('finds a strong key spaced out a few characters an event, and its base64 wrapped, but a weak one only unspaced', () => {
    expect(stopsAt([content('c u s t k e y - A B C D'), content('E F G H 1 2 3 4 5 6 7 8 s e c r e t')])).toBe(1);
    const spaced = KEY.split('').join(' ');
    const pieces = spaced.match(/.{1,4}/gs)!;
    expect(stopsAt(pieces.map((p) => content(p)))).toBe(pieces.length - 1);
    const wrapped = Buffer.from(`xx${KEY}yy`).toString('base64').replace(/(.{10})/g, '$1\n');
    const b64pieces = wrapped.match(/.{1,3}/gs)!;
    expect(stopsAt(b64pieces.map((p) => content(p)))).toBeGreaterThan(0);
    expect(stopsAt([content('super secret')], ['supersecret'])).toBe(-1);
  });

  it('finds the pieces percent-encoded, JSON-escaped, and behind an escaped name', () => {
    expect(stopsAt([content('%63ustkey-ABCDEFGH%3'), content('1%20%32345678secret')])).toBe(1);
    expect(stopsAt([content('custkey-ABC'), '{"choices":[{"delta":{"\\u0063ontent":"DEFGH12345678\\u0073ecret"}}]}'])).toBe(1);
  });

  it('finds the key inside base64 split across events', () => {
    const b64 = Buffer.from(`xx${KEY}yy`).toString('base64');
    expect(stopsAt([content(b64.slice(0, 20)), content(b64.slice(20))])).toBe(1);
  });

  it('cuts no prose that spells a weak key a word an event: whitespace ends a spelling begun', () => {
    const weak = (key: string, words: string[]) => stopsAt(words.map((w) => content(w)), [key]);
    expect(weak('supersecret', ['It is a ', 'super', ' ', 'secret', ' recipe'])).toBe(-1);
    expect(weak('mysecretkey', ['Put ', 'my', ' secret', ' key', ' in the env file'])).toBe(-1);
    expect(weak('changeme123', ['Please ', 'change', ' me', ' 123', ' times'])).toBe(-1);
    expect(weak('supersecret', ['super', `${'\n'.repeat(5000)}`, ' secret'])).toBe(-1);
    expect(weak('supersecret', ['super', '%20', 'secret'])).toBe(-1);
    // the key itself, split with no gap, is still cut
    expect(weak('supersecret', ['It is ', 'super', 'secret'])).toBe(2);
  });

  it('stops at nothing that is not the key', () => {
    // key-like, one character off, and the key's halves in different fields
    expect(stopsAt([content('custkey-ABCDEFG'), content('H12345678secreT')])).toBe(-1);
    expect(stopsAt([content('custkey-ABCDEFG'), content('X12345678secret')])).toBe(-1);
    expect(stopsAt([content('custkey-ABCDEFG'), args('H12345678secret')])).toBe(-1);
    // names and other values are no text: the key's halves as the id and model of two chunks
    expect(stopsAt([JSON.stringify({ id: 'custkey-ABCDEFG', choices: [] }), JSON.stringify({ model: 'H12345678secret', choices: [] })])).toBe(-1);
    expect(stopsAt([content('custkey-ABCDEFG'), content('H12345678secret')], [])).toBe(-1);
  });
});

describe('StreamKeyWatch on events that repeat a head', () => {
  const seq = (n: number, t: string, more = ''): string =>
    `{"type":"response.output_text.delta","sequence_number":${n},"item_id":"msg_1","output_index":0,"content_index":0,"delta":${JSON.stringify(t)}${more},"logprobs":[]}`;

  it('follows a key across events whose sequence number changes every time, the number growing a digit', () => {
    expect(stopsAt([seq(8, 'custkey-'), seq(9, 'ABCDEFGH'), seq(10, '1234'), seq(11, '5678secret'), seq(12, 'bye')])).toBe(3);
    expect(stopsAt([seq(8, 'custkey-'), seq(9, 'ABCDEFGH'), seq(10, '1234'), seq(11, '5678secreT')])).toBe(-1);
  });

  it('reads the members after the head\'s own, each in its field, and escapes in a value after the head', () => {
    // the key's second half in a text member after the head's: content with content across events
    expect(stopsAt([content('custkey-ABCDEFG'), content('').replace('""', '"","content":"H12345678secret"')])).toBe(1);
    expect(stopsAt([seq(1, 'custkey-ABCDEFG'), seq(2, 'x', ',"text":"H12345678secret"')])).toBe(-1);
    expect(stopsAt([content('say "'), content('custkey-ABCD'), content('EFGH12345678secret"')])).toBe(2);
    expect(stopsAt([content('a\tcustkey-ABCD'), content('EFGH1234\\5678secret')])).toBe(-1);
    const slashed = 'custkey/ABCDEFGH12345678secret';
    expect(stopsAt([content('x'), content('custkey').replace('custkey', 'custkey\\/ABCDEFGH'), content('12345678secret')], [slashed])).toBe(2);
  });

  it('does not take an event with no digits where the head had a number as starting with the head (malformed JSON joining its two parts)', () => {
    const events = ['{"x":"","content":"custkey-ABCDEFG"}', '{"content":1"H12345678secret","text":"y"}', '{"content":2"H12345678secret","text":"y"}', '{"content":"H12345678secret","text":"y"}'];
    expect(stopsAt(events)).toBe(3);
  });

  it('takes an event whose head matches but whose text never ends as holding no more text', () => {
    const open = content('custkey-ABCDEFG').replace(/"\}.*$/, '');
    expect(stopsAt([content('custkey-ABCDEFG'), open, content('H12345678secret')])).toBe(2);
  });
});

describe('StreamKeyWatch.echoes: an event alone, then the text across events', () => {
  /** the index of the first event echoes stops at, or -1 */
  const echoesAt = (events: string[], keys: string[] = [KEY], w = new StreamKeyWatch(keys)): number => events.findIndex((e) => w.echoes(e));

  it('finds what jsonContainsSecret finds in an event alone, anywhere in it, in events that repeat a head', () => {
    expect(echoesAt([content('hi'), content('a super secret')], ['supersecret'])).toBe(1);
    expect(echoesAt([content('hi'), content('x').replace('gpt-4o', KEY)])).toBe(1);
    expect(echoesAt([content('hi'), content('x').replace('"x"', '"x","y":"c u s t k e y - A B C D E F G H 1 2 3 4 5 6 7 8 s e c r e t"')])).toBe(1);
    expect(echoesAt([content('hi'), content('key: custkey-ABCDEFGH1234567Xsecret').replace('X', '\\u0038')])).toBe(1);
    expect(echoesAt([content('hi'), content('custkey-ABCDEFG'), content('H12345678secret')])).toBe(2);
    expect(echoesAt([content('hi'), content('custkey-ABCDEFG'), content('H12345678secreT')])).toBe(-1);
  });

  it("finds a key that begins in the head (its characters before the head's end) and ends in the event's own text", () => {
    expect(echoesAt([content('a'), content('b'), content('abcdefgh')], ['tent":"abcdefgh'])).toBe(2);
    const seq = (n: number): string => `{"type":"response.output_text.delta","sequence_number":${n},"item_id":"m","delta":"x"}`;
    expect(echoesAt([seq(1), seq(2), seq(3), seq(123)], ['sequence_number":123'])).toBe(3);
  });

  it('searches the whole event when the head came from an event only carries read', () => {
    const withId = (t: string): string => JSON.stringify({ id: 'supersecret', choices: [{ delta: { content: t } }] });
    const w = new StreamKeyWatch(['supersecret']);
    expect(w.carries(withId('a'))).toBe(false);
    expect(echoesAt([withId('b')], [], w)).toBe(0);
  });
});
