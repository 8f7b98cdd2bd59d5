// What the stream relay's unit tests (src/node/proxy/stream-relay.test.ts, answer-deadline.test.ts) share: an
// OpenAI chat chunk, a client response that keeps what it is sent, and an encoder that names each part.
import type { ServerResponse } from 'node:http';
import type { StreamEncoder, StreamPart } from '../../src/core/canonical';

export const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
export const START = chunk({ role: 'assistant', content: '' });

export function fakeRes(): ServerResponse & { out: string[]; status: number } {
  const res = {
    out: [] as string[], status: 0, destroyed: false, writeHead(s: number) { res.status = s; }, write(t: string) { res.out.push(t); return true; },
    flushHeaders() {}, on() {}, off() {},
  };
  return res as never;
}

/** An encoder that writes each part it is given as a line: which parts, joined or not, in what order (the model at work, as every encoder: nothing). */
export const encoder: StreamEncoder = {
  encode: (p: StreamPart) => (p.type === 'at-work' ? '' : `${p.type}${'text' in p ? `:${p.text}` : ''}\n`),
  end: () => 'end\n',
  fail: (_status: number, _type: string, message: string) => `fail:${message}\n`,
};
