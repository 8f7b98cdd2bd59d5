// An empty last user message, which OpenAI answers as a turn of its own, reaches Anthropic and Gemini
// as the user's turn (a placeholder named in x-switchboard-dropped), never as a conversation ending on
// the model's answer (continued as a prefill) nor as an empty list (a 400 no fallback follows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest } from './helpers/hardening-kit';

let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  await routeAmongFakesOnly(h);
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

type Turn = { role: string; text: string };
/** The conversation the fake last received, as roles and the text of each turn. */
function lastTurns(fake: Harness['anthropic']): Turn[] {
  const body = fake.requests[fake.requests.length - 1]!.body as any;
  if (body.messages) return body.messages.map((m: any) => ({ role: m.role, text: m.content.map((b: any) => b.text).join('') }));
  return body.contents.map((c: any) => ({ role: c.role, text: c.parts.map((p: any) => p.text).join('') }));
}
/** The x-switchboard-dropped names of an SDK response's headers or a raw response's. */
const dropped = (headers: Headers | Record<string, unknown>): string[] =>
  String((headers instanceof Headers ? headers.get('x-switchboard-dropped') : headers['x-switchboard-dropped']) ?? '').split(',');

const haiku = [
  { role: 'user', content: 'Write a haiku' },
  { role: 'assistant', content: 'Autumn moon rises' },
  { role: 'user', content: '' },
] as const;
const fakes = [['anthropic', MODELS.anthropic, 'assistant'], ['gemini', MODELS.gemini, 'model']] as const;

describe.each(fakes)('an OpenAI chat client to the %s fake', (name, model, modelRole) => {
  it('an empty last user message arrives as the user\'s turn after the answer, named dropped', async () => {
    const { data, response } = await client.chat.completions.create({ model, messages: [...haiku] }).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(lastTurns(h[name])).toEqual([
      { role: 'user', text: 'Write a haiku' },
      { role: modelRole, text: 'Autumn moon rises' },
      { role: 'user', text: '(empty message)' },
    ]);
    expect(dropped(response.headers)).toContain('messages.content');
  });

  it('an empty message right after a tool call arrives as the text of the user\'s turn holding the call\'s result, named dropped', async () => {
    const { response } = await client.chat.completions.create({
      model,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'user', content: '' },
      ],
    }).withResponse();
    const body = h[name].requests.at(-1)!.body as any;
    const last = name === 'anthropic' ? body.messages.at(-1).content.map((b: any) => b.type) : body.contents.at(-1).parts.map((p: any) => Object.keys(p)[0]);
    expect(last).toEqual(name === 'anthropic' ? ['tool_result', 'text'] : ['functionResponse', 'text']);
    expect(lastTurns(h[name]).at(-1)).toEqual({ role: 'user', text: '(empty message)' });
    expect(dropped(response.headers)).toContain('messages.content');
  });

  it('an empty user message alone is answered, the upstream given one user turn rather than an empty list', async () => {
    const before = h[name].requests.length;
    const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: '' }] }).withResponse();
    expect(h[name].requests.length).toBe(before + 1);
    expect(lastTurns(h[name])).toEqual([{ role: 'user', text: '(empty message)' }]);
    expect(dropped(response.headers)).toContain('messages.content');
  });
});

describe('the other inbound APIs translate it the same way', () => {
  it('a Responses client\'s empty input reaches Anthropic as a user turn, named in its terms', async () => {
    const { response } = await client.responses.create({ model: MODELS.anthropic, input: '' }).withResponse();
    expect(lastTurns(h.anthropic)).toEqual([{ role: 'user', text: '(empty message)' }]);
    expect(dropped(response.headers)).toContain('input');
  });

  it('an Anthropic client\'s empty last user message ("" and []) reaches Gemini as a user turn', async () => {
    for (const content of ['', []]) {
      const res = await httpRequest(h.url, '/v1/messages', {
        method: 'POST', headers: authJson(h.token),
        body: JSON.stringify({ model: MODELS.gemini, max_tokens: 100, messages: [{ role: 'user', content: 'Write a haiku' }, { role: 'assistant', content: 'Autumn moon rises' }, { role: 'user', content }] }),
      });
      expect(res.status).toBe(200);
      expect(lastTurns(h.gemini).at(-1)).toEqual({ role: 'user', text: '(empty message)' });
      expect(dropped(res.headers)).toContain('messages.content');
    }
  });

  it('a Gemini client\'s empty last user content (empty text and no parts) reaches Anthropic as a user turn', async () => {
    for (const parts of [[{ text: '' }], []]) {
      const res = await httpRequest(h.url, `/v1beta/models/${encodeURIComponent(MODELS.anthropic)}:generateContent`, {
        method: 'POST', headers: authJson(h.token),
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Write a haiku' }] }, { role: 'model', parts: [{ text: 'Autumn moon rises' }] }, { role: 'user', parts }] }),
      });
      expect(res.status).toBe(200);
      expect(lastTurns(h.anthropic).at(-1)).toEqual({ role: 'user', text: '(empty message)' });
      expect(dropped(res.headers)).toContain('contents.parts');
    }
  });
});
