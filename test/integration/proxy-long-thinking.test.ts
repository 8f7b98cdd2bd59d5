// A model that thinks for long, translated for a client shown nothing of its thinking (an Anthropic client,
// a Gemini one that asked for no thoughts): failover stays open only a short window (hiddenThinkingMs,
// shrunk here), then the headers go, so the client's own timeout (the Anthropic SDKs' runs until headers
// come) does not cut the request while the model still thinks; an Anthropic client is pinged meanwhile.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
/** whether the upstream has begun sending its answer (after all its thinking) */
let answering = false;

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', created: 1767225600, model: 'deep/thinker', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** thinks in 30 deltas 20 ms apart (600 ms, six windows of the 100 ms below), then answers */
function think(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(chunk({ role: 'assistant', content: '' }));
  let n = 0;
  const timer = setInterval(() => {
    if (n++ < 30) {
      res.write(chunk({ reasoning: `step ${n}. ` }));
      return;
    }
    clearInterval(timer);
    answering = true;
    res.end(chunk({ content: 'Answer' }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
  }, 20);
  res.on('close', () => clearInterval(timer));
}

beforeAll(async () => {
  h = await startHarness({ config: { limits: { hiddenThinkingMs: 100 } } });
  upstream = await startRawUpstream((_body, res) => think(res));
  const url = `${upstream.origin}/v1`;
  const s = h.app.service;
  await s.createProvider({ id: 'deep', name: 'Deep', type: 'openai-compatible', base_url: url, api_key: 'sk-deep-fake-0123456789abcdef' });
  await s.createModel({ provider_id: 'deep', model_name: 'thinker', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 64000, capabilities: ['chat', 'reasoning'] });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

/** POSTs and reports whether the upstream was still thinking when the headers came, then the whole body */
async function post(path: string, body: unknown): Promise<{ res: Response; whileThinking: boolean; text: string }> {
  answering = false;
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const whileThinking = !answering;
  return { res, whileThinking, text: await res.text() };
}

describe('a model thinking longer than the failover window', () => {
  it('an Anthropic client gets its headers while the model still thinks, then pings, then the answer', async () => {
    const { res, whileThinking, text } = await post('/v1/messages', { model: 'deep/thinker', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status, text).toBe(200);
    expect(whileThinking).toBe(true);
    expect(res.headers.get('x-switchboard-dropped')).toContain('thinking');
    const events = [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('message_start');
    expect(events).toContain('ping');
    expect(events.slice(events.indexOf('content_block_start'))).not.toContain('ping');
    expect(events.at(-1)).toBe('message_stop');
  });

  it('the Anthropic SDK reads the answer through the pings', async () => {
    const client = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
    const message = await client.messages.stream({ model: 'deep/thinker', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(message.content).toMatchObject([{ type: 'text', text: 'Answer' }]);
  });

  it('a Gemini client gets its headers while the model still thinks, and nothing but its answer in the body', async () => {
    const { res, whileThinking, text } = await post('/v1beta/models/deep/thinker:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(res.status, text).toBe(200);
    expect(whileThinking).toBe(true);
    // a comment line would stall Gemini CLI's bundled @google/genai, whose parser reads only `data: ` at the buffer's head
    expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('data: '))).toEqual([]);
    expect(text).toContain('Answer');
  });
});
