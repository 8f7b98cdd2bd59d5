// A message thread continued (`thread: {type: 'continue'}`) while its Anthropic model is down: only an
// Anthropic model can continue it, so the SDK is told the thread is not here when another model could
// take the whole conversation, and its replay under a new thread fails over as any request does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startWithAnthropicClient, type Harness } from './helpers/app-harness';

let h: Harness, client: Anthropic;
// a harness each: the Anthropic model's breaker opens here
beforeEach(async () => { ({ h, client } = await startWithAnthropicClient()); });
afterEach(async () => { await h?.close(); });

const counts = (): number[] => [h.anthropic.requests.length, h.openai.requests.length];
const since = (before: number[]): number[] => counts().map((c, i) => c - before[i]!);
const overloaded = { kind: 'status' as const, status: 529 };
const ANTHROPIC_TEXT = 'Hello from the fake anthropic provider!';
const OPENAI_TEXT = 'Hello from the fake openai provider!';

describe("a thread continued while its Anthropic model fails", () => {
  it("the SDK's thread() over [Anthropic, OpenAI]: the turn ends served by OpenAI with the whole conversation, and so does the next while Anthropic cools down", async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, 'claude-then-gpt': [MODELS.anthropic, MODELS.openai] } });
    const thread = client.beta.messages.thread({ model: 'claude-then-gpt', max_tokens: 64, system: 'Be brief.' });
    const first = await thread.send({ role: 'user', content: 'first question' });
    expect(first.content).toEqual([expect.objectContaining({ text: ANTHROPIC_TEXT })]);

    h.anthropic.persistentFault = overloaded;
    let before = counts();
    const second = await thread.send({ role: 'user', content: 'second question' });
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: OPENAI_TEXT })]);
    // the continue asked Anthropic (each try 529), then the replay reached OpenAI, whole
    const asked = h.anthropic.requests.slice(before[0]);
    expect(asked.length).toBeGreaterThanOrEqual(2);
    expect(asked[0]!.body.thread).toEqual({ type: 'continue', previous_message_id: first.id });
    expect(since(before)[1]).toBe(1);
    expect(h.openai.requests.at(-1)!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: ANTHROPIC_TEXT },
      { role: 'user', content: 'second question' },
    ]);

    // Anthropic is cooling down now: the next continue is not sent to it, and its replay goes to OpenAI
    before = counts();
    const third = await thread.send({ role: 'user', content: 'third question' });
    expect(third.content).toEqual([expect.objectContaining({ text: OPENAI_TEXT })]);
    expect(since(before)).toEqual([0, 1]);
    expect(h.openai.requests.at(-1)!.body.messages).toHaveLength(6);
  });

  it('with no model of another format to go to, the failure stands (a replay could not help) and nothing else is asked', async () => {
    const thread = client.beta.messages.thread({ model: MODELS.anthropic, max_tokens: 64 });
    await thread.send({ role: 'user', content: 'first question' });
    h.anthropic.faults.push(overloaded, overloaded);
    const before = counts();
    const err = await thread.send({ role: 'user', content: 'second question' }).catch((e: unknown) => e) as InstanceType<typeof Anthropic.APIError>;
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(err.status).toBe(503);
    expect((err.error as any).error.type).toBe('overloaded_error');
    expect(err.errorCode).toBeNull();
    expect(since(before)).toEqual([2, 0]);
  });
});
