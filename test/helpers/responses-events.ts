// A Responses stream as its events, for the unit tests of the Responses codec: parsed, run from stream
// parts, and accumulated by the OpenAI SDK.
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { StreamPart } from '../../src/core/canonical';
import { createSseParser } from '../../src/core/sse';
import { responsesCodecFor } from '../../src/core/inbound/responses/index';

export interface Ev { event: string | undefined; data: any }

export function parse(text: string): Ev[] {
  const p = createSseParser({ maxEventChars: 64 * 1024 * 1024 });
  return [...p.push(text), ...p.end()].map((e) => ({ event: e.event, data: JSON.parse(e.data) }));
}

/** a function tool and a namespace of one */
export const tools = [
  { type: 'function', name: 'exec_command', parameters: { type: 'object' } },
  { type: 'namespace', name: 'multi_agent_v1', description: 'agents', tools: [{ type: 'function', name: 'wait_agent', parameters: {} }] },
];

export const usage = { inputTokens: 100, outputTokens: 20, cachedInputTokens: 60, reasoningTokens: 8 };

/** The parts through the codec of response resp_abc (served by fa/claude-fake) and its end. */
export function run(parts: StreamPart[], request: Record<string, unknown> = { tools }, onResponse?: (r: Record<string, unknown>) => void) {
  const codec = responsesCodecFor({ id: 'resp_abc', request, ...(onResponse ? { onResponse } : {}) });
  const enc = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'fa/claude-fake', includeUsage: true, estimatedInputTokens: 5 });
  let text = '';
  for (const p of parts) text += enc.encode(p);
  return { text: text + enc.end(), enc };
}

/** the OpenAI SDK's own accumulator: it throws on any event out of place */
export function accumulate(events: Ev[]): any {
  let snapshot: any;
  for (const e of events) snapshot = accumulateResponse(e.data, snapshot);
  return snapshot;
}
