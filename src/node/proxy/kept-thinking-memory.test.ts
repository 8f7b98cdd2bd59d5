// The store of kept thinking is bounded by the characters it counts (thought-signatures.ts): that bound holds
// only if a kept block holds its own characters and nothing more, not the network reads its pieces came in.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSseParser } from '../../core/sse';
import { anthropicAdapter } from '../../core/providers/anthropic';
import { noteCall, ThoughtSignatures } from './thought-signatures';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ev = (o: Record<string, unknown>): string => `event: ${String(o.type)}\ndata: ${JSON.stringify(o)}\n\n`;

/** One streamed answer that thinks in `deltas` pieces and calls a tool whose input fills the rest of a 512 KB read. */
function oneRead(n: number, deltas: number): string {
  let s = ev({ type: 'message_start', message: { id: `m${n}`, model: 'c', usage: { input_tokens: 3, output_tokens: 1 } } });
  s += ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
  for (let i = 0; i < deltas; i++) s += ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: `step ${n}.${i} of the thought`.padEnd(40, '.') } });
  s += ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: `SIG${n}` } });
  s += ev({ type: 'content_block_stop', index: 0 });
  s += ev({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: `toolu_${n}`, name: 'f', input: {} } });
  s += ev({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: `{"a":"${'y'.repeat(512 * 1024)}"}` } });
  s += ev({ type: 'content_block_stop', index: 1 });
  s += ev({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } });
  s += ev({ type: 'message_stop' });
  // one flat string, as a network read decoded is
  return JSON.parse(JSON.stringify(s)) as string;
}

describe('kept thinking in memory', () => {
  it('holds about the characters the store counts, not the stream reads the thinking came in', () => {
    const store = new ThoughtSignatures();
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    const entries = 64;
    for (let n = 0; n < entries; n++) {
      const parser = createSseParser();
      const decoder = anthropicAdapter.createStreamDecoder();
      // half think in one piece (join would give it back as it came), half in three
      for (const e of [...parser.push(oneRead(n, n % 2 === 0 ? 1 : 3)), ...parser.end()]) {
        for (const p of decoder.push(e)) if (p.type === 'tool-call-start') noteCall(p, (id, state) => store.keep('p', id, { ...state, providerId: 'fa', modelName: 'c' }));
      }
    }
    gc();
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    expect(store.size).toBe(entries);
    expect(store.find('p', 'toolu_1')?.thinking).toEqual([{ type: 'thinking', thinking: [0, 1, 2].map((i) => `step 1.${i} of the thought`.padEnd(40, '.')).join(''), signature: 'SIG1' }]);
    // ~100 characters an entry: a few KB with the objects around them; each 512 KB read kept alive would be 32 MB
    expect(retained).toBeLessThan(4 * 1024 * 1024);
  });
});
