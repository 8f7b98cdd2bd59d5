// Mistral validates strictly (422 on a field or value it does not list): reasoning_effort is documented for the
// adjustable models only (mistral-small-latest, mistral-medium-3-5), "high" or "none"; Magistral always reasons and
// takes no parameter. Before, an Anthropic client's thinking went to Magistral as reasoning_effort "low" (a Codex
// one's as "medium"), refused. The Mistral here is a small server of this file's own that checks as Mistral does.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

const FIELDS = new Set(['model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'response_format', 'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'safe_prompt', 'prompt_mode', 'reasoning_effort']);
const ADJUSTABLE = new Set(['mistral-small-latest', 'mistral-medium-3-5']);
let h: Harness;
let upstream: RawUpstream;
const bodies: any[] = [];

function refusal(body: any): string | undefined {
  const extra = Object.keys(body).find((k) => !FIELDS.has(k));
  if (extra) return `extra_forbidden: ${extra}`;
  if (body.reasoning_effort === undefined) return undefined;
  if (!ADJUSTABLE.has(body.model)) return `reasoning_effort is not supported by ${body.model}`;
  return ['high', 'none'].includes(body.reasoning_effort) ? undefined : `reasoning_effort: Input should be 'high' or 'none'`;
}

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((raw, res) => {
    const body = JSON.parse(raw.toString());
    bodies.push(body);
    const refused = refusal(body);
    res.writeHead(refused ? 422 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(refused
      ? { object: 'error', message: { detail: [{ type: 'invalid', msg: refused }] }, type: 'invalid_request_error' }
      : { id: 'm1', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }));
  });
  const s = h.app.service;
  await s.updateRoutingRules({ retries_per_model: 0 });
  await s.createProvider({ id: 'mi', name: 'Mistral fake', type: 'mistral', base_url: `${upstream.origin}/v1`, api_key: 'mistral-key-0123456789abcdef' });
  for (const name of ['magistral-medium-latest', 'mistral-small-latest', 'mistral-medium-3-5']) {
    await s.createModel({ provider_id: 'mi', model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'tools', 'reasoning'] });
  }
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const dropped = (headers: Headers): string[] => String(headers.get('x-switchboard-dropped') ?? '').split(',').filter(Boolean);

describe('thinking to Mistral from another API', () => {
  it('goes to Magistral with no reasoning_effort, named; to the adjustable models as high', async () => {
    const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
    const ask = { max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: [{ role: 'user' as const, content: 'hi' }] };
    const magistral = await client.messages.create({ ...ask, model: 'mi/magistral-medium-latest' }).withResponse();
    expect(bodies.at(-1).reasoning_effort).toBeUndefined();
    expect(dropped(magistral.response.headers)).toContain('thinking');
    for (const model of ['mi/mistral-small-latest', 'mi/mistral-medium-3-5']) {
      await client.messages.create({ ...ask, model });
      expect(bodies.at(-1).reasoning_effort, model).toBe('high');
    }
  });

  it("a Responses client's effort goes as Mistral takes it", async () => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    await client.responses.create({ model: 'mi/magistral-medium-latest', input: 'hi', reasoning: { effort: 'medium' } });
    expect(bodies.at(-1).reasoning_effort).toBeUndefined();
    await client.responses.create({ model: 'mi/mistral-small-latest', input: 'hi', reasoning: { effort: 'medium' } });
    expect(bodies.at(-1).reasoning_effort).toBe('high');
  });
});
