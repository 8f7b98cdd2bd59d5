import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from './fake-anthropic';
import type { FakeProvider } from './types';

let fake: FakeProvider;
let client: Anthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic({ thinks: true, callTool: { name: 'run', arguments: { cmd: 'ls' } } });
  client = new Anthropic({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());

const tools = [{ name: 'run', input_schema: { type: 'object' as const, properties: {} } }];
const thinking = { type: 'enabled' as const, budget_tokens: 1024 };

describe('the fake Anthropic that thinks', () => {
  it('answers thinking on with a signed block first (whole and streamed), takes its own back and refuses another', async () => {
    const first = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2000, thinking, tools, messages: [{ role: 'user', content: 'go' }] });
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    const streamed = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 2000, thinking, tools, messages: [{ role: 'user', content: 'go' }] }).finalMessage();
    expect(streamed.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_/) });
    const back = (content: Anthropic.ContentBlockParam[]) => client.messages.create({
      model: 'claude-sonnet-4-5', max_tokens: 2000, thinking, tools,
      messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: (first.content[1] as Anthropic.ToolUseBlock).id, content: 'ok' }] }],
    });
    const ok = await back(first.content as Anthropic.ContentBlockParam[]);
    expect(ok.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const forged = [{ type: 'thinking' as const, thinking: 'x', signature: 'sig_other' }, first.content[1] as Anthropic.ToolUseBlockParam];
    await expect(back(forged)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Invalid `signature` in `thinking` block') });
    await expect(back([first.content[1] as Anthropic.ToolUseBlockParam])).rejects.toMatchObject({ status: 400, message: expect.stringContaining('must start with a thinking block') });
  });

  it('thinks nothing when thinking is off', async () => {
    const res = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2000, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.content.map((b) => b.type)).toEqual(['text']);
  });
});
