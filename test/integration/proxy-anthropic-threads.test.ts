// Anthropic message threads (`thread: {type: 'create' | 'continue'}`, what the SDK's
// client.beta.messages.thread() and toolRunner send) through the proxy: a thread's refusal from an
// Anthropic provider reaches the SDK as it was said, which then replays the conversation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startWithAnthropicClient, type Harness } from './helpers/app-harness';

let h: Harness, client: Anthropic;
beforeAll(async () => { ({ h, client } = await startWithAnthropicClient()); });
afterAll(async () => { await h?.close(); });
afterEach(() => { for (const f of [h.openai, h.anthropic, h.gemini]) f.faults.length = 0; });

const threadError = (status: number, type: string, errorCode: string, extra: Record<string, unknown> = {}) => ({
  kind: 'status' as const, status, body: { type: 'error', error: { type, message: `${errorCode}: said by Anthropic`, details: { error_code: errorCode, ...extra } } },
});

/** an alias trying the Anthropic model, then the OpenAI one */
async function anthropicThenOpenAI(): Promise<string> {
  const rules = await h.app.service.getRoutingRules(undefined);
  await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, 'claude-then-gpt': [MODELS.anthropic, MODELS.openai] } });
  return 'claude-then-gpt';
}

const counts = (): number[] => [h.anthropic.requests.length, h.openai.requests.length];

describe("an Anthropic provider's thread refusal", () => {
  it('reaches the SDK as sent (404 thread_not_found with its details), no other model asked, the model not put last', async () => {
    const alias = await anthropicThenOpenAI();
    h.anthropic.faults.push(threadError(404, 'not_found_error', 'thread_not_found'));
    const before = counts();
    const err = await client.beta.messages.create({
      model: alias, max_tokens: 64, messages: [{ role: 'user', content: 'and then?' }],
      thread: { type: 'continue', previous_message_id: 'msg_gone' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    const apiErr = err as InstanceType<typeof Anthropic.NotFoundError>;
    expect(apiErr.status).toBe(404);
    expect(apiErr.errorCode).toBe('thread_not_found');
    expect((apiErr.error as any).error).toMatchObject({ type: 'not_found_error', message: 'thread_not_found: said by Anthropic', details: { error_code: 'thread_not_found' } });
    // the next model would answer without the conversation the thread held
    expect(counts().map((c, i) => c - before[i]!)).toEqual([1, 0]);
    const preview = await h.app.service.previewRoute({ request: { model: alias, messages: [{ role: 'user', content: 'hi' }] } });
    expect(preview.candidates[0]?.model).toBe(MODELS.anthropic);
    expect(preview.notes.join(' ')).not.toContain('unknown');
  });

  it("a 400 thread_unsupported_request keeps its status, type and details (what continue_unthreaded reads)", async () => {
    h.anthropic.faults.push(threadError(400, 'invalid_request_error', 'thread_unsupported_request', { unsupported: ['context_management'] }));
    const err = await client.beta.messages.create({
      model: MODELS.anthropic, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], thread: { type: 'create' },
    }).catch((e: unknown) => e) as InstanceType<typeof Anthropic.BadRequestError>;
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.errorCode).toBe('thread_unsupported_request');
    expect((err.error as any).error).toMatchObject({ message: 'thread_unsupported_request: said by Anthropic', details: { unsupported: ['context_management'] } });
  });
});

describe('a thread continued (thread: {type: continue}, only the new messages sent)', () => {
  it("the SDK's thread() on an OpenAI model: the continue is told thread_not_found here, and the replay brings the whole conversation", async () => {
    const thread = client.beta.messages.thread({ model: MODELS.openai, max_tokens: 64, system: 'Be brief.' });
    const before = counts();
    const first = await thread.send({ role: 'user', content: 'first question' });
    expect(first.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from the fake openai provider!' })]);
    await thread.send({ role: 'user', content: 'second question' });
    // turn 1, then turn 2 replayed whole: the continue itself reached no provider
    expect(counts().map((c, i) => c - before[i]!)).toEqual([0, 2]);
    const sent = h.openai.requests.at(-1)!.body;
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'Hello from the fake openai provider!' },
      { role: 'user', content: 'second question' },
    ]);
  });

  it('named for a model of another format, it is a 404 thread_not_found before any provider is called', async () => {
    const before = counts();
    const err = await client.beta.messages.create({
      model: MODELS.gemini, max_tokens: 64, messages: [{ role: 'user', content: 'and then?' }],
      thread: { type: 'continue', previous_message_id: 'msg_01' },
    }).catch((e: unknown) => e) as InstanceType<typeof Anthropic.NotFoundError>;
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(err.errorCode).toBe('thread_not_found');
    expect(err.headers?.get('x-should-retry')).toBe('false');
    expect(counts().map((c, i) => c - before[i]!)).toEqual([0, 0]);
    expect(h.gemini.requests.some((r) => JSON.stringify(r.body).includes('and then?'))).toBe(false);
  });

  it('through an alias, only its Anthropic models are candidates, the thread forwarded to them as sent', async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, 'gpt-then-claude': [MODELS.openai, MODELS.anthropic] } });
    const before = counts();
    const { data, response } = await client.beta.messages.create({
      model: 'gpt-then-claude', max_tokens: 64, messages: [{ role: 'user', content: 'and then?' }],
      thread: { type: 'continue', previous_message_id: 'msg_01' },
    }).withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
    expect(data.content).toEqual([expect.objectContaining({ text: 'Hello from the fake anthropic provider!' })]);
    expect(counts().map((c, i) => c - before[i]!)).toEqual([1, 0]);
    expect(h.anthropic.requests.at(-1)!.body.thread).toEqual({ type: 'continue', previous_message_id: 'msg_01' });
  });
});

describe('a thread continued after a pause_turn reply (a server tool paused the turn)', () => {
  it("the SDK's empty continue reaches Anthropic as sent, which resumes the turn", async () => {
    const paused = {
      id: 'msg_paused_01', type: 'message', role: 'assistant', model: 'claude-fake', stop_reason: 'pause_turn', stop_sequence: null,
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_01', name: 'web_search', input: { query: 'weather in Paris' } },
        { type: 'text', text: 'Searching.' },
      ],
      usage: { input_tokens: 21, output_tokens: 7 },
    };
    h.anthropic.faults.push({ kind: 'status', status: 200, body: paused });
    const thread = client.beta.messages.thread({ model: MODELS.anthropic, max_tokens: 64 });
    const first = await thread.send({ role: 'user', content: 'what is the weather in Paris?' });
    expect(first.stop_reason).toBe('pause_turn');
    const resumed = await thread.send();
    expect(resumed.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from the fake anthropic provider!' })]);
    const sent = h.anthropic.requests.at(-1)!.body;
    expect(sent.messages).toEqual([]);
    expect(sent.thread).toEqual({ type: 'continue', previous_message_id: 'msg_paused_01' });
  });
});
