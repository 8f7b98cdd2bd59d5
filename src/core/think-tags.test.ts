import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, StreamPart } from './canonical';
import { createThinkSplitter, splitLeadingThink, withLeadingThinkSplit } from './think-tags';

/** The parts the splitter gives for these text chunks then a finish, joined by kind. */
function streamed(chunks: string[]): { reasoning: string; text: string; parts: StreamPart[] } {
  const split = createThinkSplitter();
  const parts: StreamPart[] = [];
  parts.push(...split([{ type: 'start', id: 'x', model: 'm' }]));
  for (const c of chunks) parts.push(...split([{ type: 'text-delta', text: c }]));
  parts.push(...split([{ type: 'finish', finishReason: 'stop' }]));
  const join = (t: string) => parts.filter((p) => p.type === t).map((p) => (p as { text: string }).text).join('');
  return { reasoning: join('reasoning-delta'), text: join('text-delta'), parts };
}

describe('a leading <think> block from a local reasoning model', () => {
  it('reads a long run of leading whitespace chunk by chunk (a model stuck on newlines), then the tag or the text', () => {
    const newlines = Array.from({ length: 20_000 }, () => '\n');
    expect(streamed([...newlines, '<thi', 'nk>plan</think>', 'answer'])).toMatchObject({ reasoning: 'plan', text: 'answer' });
    // no tag: the whitespace goes with the text, as the server sent it
    const plain = streamed([...newlines.slice(0, 5), '  ', 'Hel', 'lo']);
    expect(plain.text).toBe('\n\n\n\n\n  Hello');
    expect(plain.reasoning).toBe('');
    // whitespace and nothing else: given out at the finish
    expect(streamed(['\n', ' ']).text).toBe('\n ');
  });

  it('whole: becomes reasoning, the answer after it the text', () => {
    expect(splitLeadingThink('<think>\nLet me think. 2+2=4.\n</think>\n\nThe answer is 4.')).toEqual({ reasoning: 'Let me think. 2+2=4.\n', text: 'The answer is 4.' });
    expect(splitLeadingThink('\n  <think>x</think>y')).toEqual({ reasoning: 'x', text: 'y' });
    // cut off while thinking: all of it is thinking
    expect(splitLeadingThink('<think>still going')).toEqual({ reasoning: 'still going', text: '' });
    // not leading: the text as it is
    expect(splitLeadingThink('Use <think>x</think> tags')).toEqual({ text: 'Use <think>x</think> tags' });
    expect(splitLeadingThink('plain')).toEqual({ text: 'plain' });
  });

  it('whole: a response keeps reasoning the server separated, the split after it', () => {
    const r: CanonicalResponse = { id: 'i', model: 'm', text: '<think>b</think>answer', reasoning: 'a ', toolCalls: [], finishReason: 'stop' };
    expect(withLeadingThinkSplit(r)).toMatchObject({ text: 'answer', reasoning: 'a b' });
    const plain: CanonicalResponse = { ...r, text: 'answer <think>' };
    expect(withLeadingThinkSplit(plain)).toBe(plain);
  });

  it('streamed: a tag split across chunks, whitespace around it', () => {
    const chunks = ['\n', '<th', 'ink', '>\n', 'Let me ', 'think.', '</th', 'in', 'k>', '\n\n', 'The answer', ' is 4.'];
    const s = streamed(chunks);
    expect(s.reasoning).toBe('Let me think.');
    expect(s.text).toBe('The answer is 4.');
    // every chunk as it comes: nothing held but what may be a tag
    expect(s.parts.map((p) => p.type)).toEqual(['start', 'reasoning-delta', 'reasoning-delta', 'text-delta', 'text-delta', 'finish']);
  });

  it('streamed: one chunk holding all of it, and a "<" inside the thinking', () => {
    expect(streamed(['<think>a < b</think>yes'])).toMatchObject({ reasoning: 'a < b', text: 'yes' });
    expect(streamed(['<think>a </', 'b></think>', 'yes'])).toMatchObject({ reasoning: 'a </b>', text: 'yes' });
  });

  it('streamed: no closing tag until the end is all thinking, given before the finish', () => {
    const s = streamed(['<think>', 'cut off </thi']);
    expect(s).toMatchObject({ reasoning: 'cut off </thi', text: '' });
    expect(s.parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('streamed: a <think> that does not lead stays text, and so does text that only began like the tag', () => {
    expect(streamed(['Sure: ', '<think>x</think>'])).toMatchObject({ reasoning: '', text: 'Sure: <think>x</think>' });
    expect(streamed(['<th', 'e end>'])).toMatchObject({ reasoning: '', text: '<the end>' });
    expect(streamed(['  ', '<t'])).toMatchObject({ reasoning: '', text: '  <t' });
  });

  it('streamed: reasoning the server separated and tool calls pass; a tool call flushes what is held', () => {
    const split = createThinkSplitter();
    const out = [
      ...split([{ type: 'reasoning-delta', text: 'r' }, { type: 'text-delta', text: '<think>t</thi' }]),
      ...split([{ type: 'tool-call-start', index: 0, id: 'c', name: 'f' }]),
    ];
    expect(out).toEqual([
      { type: 'reasoning-delta', text: 'r' }, { type: 'reasoning-delta', text: 't' }, { type: 'reasoning-delta', text: '</thi' },
      { type: 'tool-call-start', index: 0, id: 'c', name: 'f' },
    ]);
  });
});
