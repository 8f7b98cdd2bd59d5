// The official `@google/genai` SDK against the running proxy, through each upstream wire format:
// generateContent, generateContentStream, a function-call round trip, countTokens, embedContent,
// models.list / models.get; usage rows exact and recorded as the Gemini API; a call another model
// answered replayed to Gemini 3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleGenAI, Type, type Content } from '@google/genai';
import { MODELS, startHarness, UPSTREAMS, type Harness, type Upstream } from './helpers/app-harness';
import { usageRows } from './helpers/usage-csv';
import type { FakeProvider } from '../mocks/types';

let h: Harness;
let ai: GoogleGenAI;

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.createModel({ provider_id: 'fg', model_name: 'embed-fake', input_cost_per_1m: 0.15, output_cost_per_1m: 0, context_length: 2048, capabilities: ['embeddings'] });
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

const upstreams = UPSTREAMS;
const fakeOf = (name: Upstream): FakeProvider => h[name];

const weather = {
  functionDeclarations: [{
    name: 'get_weather',
    description: 'weather for a city',
    parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
  }],
};

describe.each(upstreams)('@google/genai -> %s upstream', (name, model, text) => {
  it('generateContent answers with exact usage and the serving model header', async () => {
    const res = await ai.models.generateContent({ model, contents: 'hi', config: { systemInstruction: 'be brief', temperature: 0.5 } });
    expect(res.text).toBe(text);
    expect(res.candidates?.[0]?.finishReason).toBe('STOP');
    expect(res.usageMetadata).toMatchObject({ promptTokenCount: 21, totalTokenCount: 28 });
    expect(res.sdkHttpResponse?.headers?.['x-switchboard-model']).toBe(model);
    expect(res.sdkHttpResponse?.headers?.['x-switchboard-request-id']).toMatch(/^sbr_/);
    const sent = fakeOf(name).requests.at(-1)!.body;
    // the system instruction reached the provider in its own format
    expect(JSON.stringify(sent)).toContain('be brief');
  });

  it('generateContentStream streams the text, then a finishReason and usage', async () => {
    const stream = await ai.models.generateContentStream({ model, contents: 'hi' });
    let out = '';
    let last: any;
    let chunks = 0;
    for await (const chunk of stream) {
      out += chunk.text ?? '';
      last = chunk;
      chunks++;
    }
    expect(out).toBe(text);
    expect(chunks).toBeGreaterThan(1);
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toMatchObject({ promptTokenCount: 21, candidatesTokenCount: 7, totalTokenCount: 28 });
  });

  it('completes a function-call round trip, streamed', async () => {
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'what is the weather in Paris?' }] }];
    const stream = await ai.models.generateContentStream({ model, contents, config: { tools: [weather] } });
    const calls = [];
    let modelParts: any[] = [];
    for await (const chunk of stream) {
      calls.push(...(chunk.functionCalls ?? []));
      modelParts = [...modelParts, ...(chunk.candidates?.[0]?.content?.parts ?? [])];
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'get_weather', args: { city: 'Paris' } });
    contents.push({ role: 'model', parts: modelParts });
    contents.push({ role: 'user', parts: [{ functionResponse: { id: calls[0]!.id, name: 'get_weather', response: { output: 'sunny, 21 C' } } }] });
    const res = await ai.models.generateContent({ model, contents, config: { tools: [weather] } });
    expect(res.text).toBe(text);
    // the function's output reached the provider as a tool result, paired with its call
    const sent = JSON.stringify(fakeOf(name).requests.at(-1)!.body);
    expect(sent).toContain('sunny, 21 C');
    if (name !== 'gemini' && calls[0]!.id) expect(sent).toContain(calls[0]!.id);
  });

  it('countTokens counts the prompt', async () => {
    const before = fakeOf(name).requests.length;
    const res = await ai.models.countTokens({ model, contents: 'How many tokens is this sentence?' });
    expect(res.totalTokens).toBeGreaterThan(5);
    expect(res.totalTokens).toBeLessThan(40);
    expect(fakeOf(name).requests.length).toBe(before);
  });
});

describe('@google/genai embedContent', () => {
  it.each([['openai', MODELS.embed], ['gemini', 'fg/embed-fake']] as const)('through %s', async (name, model) => {
    const res = await ai.models.embedContent({ model, contents: ['first text', 'second text'], config: { outputDimensionality: 8, taskType: 'RETRIEVAL_DOCUMENT' } });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings![0]!.values).toHaveLength(8);
    expect(res.embeddings![1]!.values![0]).toBe(2);
    const sent = fakeOf(name).requests.at(-1)!.body;
    if (name === 'gemini') {
      // forwarded as sent: taskType survives, the model is the served one
      expect(sent.requests[0]).toMatchObject({ model: 'models/embed-fake', taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 8 });
    } else {
      expect(sent).toMatchObject({ model: 'embed-fake', input: ['first text', 'second text'], dimensions: 8 });
    }
  });
});

describe('@google/genai models', () => {
  it('lists the routing names, aliases and enabled models', async () => {
    const names: string[] = [];
    for await (const m of await ai.models.list()) names.push(m.name!);
    expect(names).toEqual(expect.arrayContaining(['models/auto', 'models/eco', 'models/balanced', 'models/precision', `models/${MODELS.gemini}`, `models/${MODELS.openai}`]));
  });

  it('gets one model by the name a client sends', async () => {
    const m = await ai.models.get({ model: 'gemini-fake' });
    expect(m).toMatchObject({ name: 'models/gemini-fake', displayName: MODELS.gemini, inputTokenLimit: 1000000 });
    expect(m.supportedActions).toEqual(expect.arrayContaining(['generateContent', 'countTokens']));
    await expect(ai.models.get({ model: 'nope-model' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('usage rows of the Gemini API', () => {
  it('are recorded as gemini / generate_content with exact tokens and costs', async () => {
    const rows = await usageRows(h.app);
    const gen = rows.filter((r) => r.endpoint === 'generate_content');
    // per upstream: generateContent, stream, the two round-trip turns
    expect(gen).toHaveLength(3 * 4);
    for (const r of gen) {
      expect(r.inbound_api).toBe('gemini');
      expect(r.input_tokens).toBe('21');
      expect(r.output_tokens).toBe('7');
      expect(r.estimated).toBe('false');
    }
    const gemini = gen.filter((r) => r.model_id === MODELS.gemini);
    expect(Number(gemini[0]!.cost_usd)).toBeCloseTo((21 * 0.5 + 7 * 1.5) / 1e6, 12);
    const embeds = rows.filter((r) => r.endpoint === 'embeddings');
    expect(embeds.map((r) => r.inbound_api)).toEqual(['gemini', 'gemini']);
    // countTokens and model lists are free, local answers: no rows
    expect(rows).toHaveLength(gen.length + embeds.length);
  });
});

describe('@google/genai: a function call another model answered', () => {
  it('is replayed to Gemini 3, which refuses a call of the current turn without a thought signature', async () => {
    await h.app.service.createModel({ provider_id: 'fg', model_name: 'gemini-3-fake', input_cost_per_1m: 0.5, output_cost_per_1m: 1.5, context_length: 1000000, capabilities: ['chat', 'tools'] });
    for (const stream of [false, true]) {
      const contents: Content[] = [{ role: 'user', parts: [{ text: 'what is the weather in Paris?' }] }];
      const ask = { model: MODELS.openai, contents, config: { tools: [weather] } };
      let parts: any[] = [];
      if (stream) for await (const chunk of await ai.models.generateContentStream(ask)) parts = [...parts, ...(chunk.candidates?.[0]?.content?.parts ?? [])];
      else parts = (await ai.models.generateContent(ask)).candidates![0]!.content!.parts!;
      const call = parts.find((p) => p.functionCall)!.functionCall;
      contents.push({ role: 'model', parts });
      contents.push({ role: 'user', parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: 'sunny, 21 C' } } }] });
      const res = await ai.models.generateContent({ model: 'fg/gemini-3-fake', contents, config: { tools: [weather] } });
      expect(res.text).toBe('Hello from the fake gemini provider!');
    }
  });
});

describe.each(upstreams.filter(([name]) => name !== 'gemini'))('@google/genai chats -> %s upstream', (name, model, text) => {
  it('keep every streamed exchange in the history they send next', async () => {
    const chat = ai.chats.create({ model });
    for (const message of ['first question', 'second question']) {
      let out = '';
      for await (const chunk of await chat.sendMessageStream({ message })) out += chunk.text ?? '';
      expect(out).toBe(text);
    }
    // the SDK keeps each streamed chunk as a model entry of its own; an exchange it took as invalid is left out
    const history = chat.getHistory(true);
    expect(history.filter((c) => c.role === 'user').map((c) => c.parts?.[0]?.text)).toEqual(['first question', 'second question']);
    expect(history.filter((c) => c.role === 'model').flatMap((c) => c.parts ?? []).map((p) => p.text).join('')).toBe(text + text);
    // the second turn reached the provider with the first exchange in front
    const sent = JSON.stringify(fakeOf(name).requests.at(-1)!.body);
    expect(sent).toContain('first question');
    expect(sent).toContain(text);
  });
});

describe('@google/genai: an answer schema whose root is not an object, served by OpenAI', () => {
  const answerAs = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
    h.openai.options.text = text;
    try {
      return await run();
    } finally {
      delete h.openai.options.text;
    }
  };
  const list = { responseMimeType: 'application/json', responseSchema: { type: Type.ARRAY, items: { type: Type.STRING } } };

  it('is asked for as an object of one member, and answered with the member, as JSON (streamed too)', async () => {
    const res = await answerAs('{"result":["red","green"]}', () => ai.models.generateContent({ model: MODELS.openai, contents: 'colours?', config: list }));
    expect(res.text).toBe('["red","green"]');
    const format = h.openai.requests.at(-1)!.body.response_format;
    expect(format.json_schema.schema).toMatchObject({ type: 'object', properties: { result: { type: 'array', items: { type: 'string' } } }, required: ['result'] });
    const streamed = await answerAs('{ "result": [{"n": 1}, {"n": 2}] }', async () => {
      let out = '';
      for await (const chunk of await ai.models.generateContentStream({ model: MODELS.openai, contents: 'colours?', config: { ...list, responseSchema: { type: Type.ARRAY, items: { type: Type.OBJECT, properties: { n: { type: Type.INTEGER } } } } } })) out += chunk.text ?? '';
      return out;
    });
    expect(JSON.parse(streamed)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('text/x.enum: answered with the bare value, as Gemini does', async () => {
    const config = { responseMimeType: 'text/x.enum', responseSchema: { type: Type.STRING, enum: ['RED', 'GREEN'] } };
    const res = await answerAs('{"result":"GREEN"}', () => ai.models.generateContent({ model: MODELS.openai, contents: 'colour?', config }));
    expect(res.text).toBe('GREEN');
    expect(res.sdkHttpResponse?.headers?.['x-switchboard-dropped'] ?? '').not.toContain('responseMimeType');
    const streamed = await answerAs('{"result":"RED"}', async () => {
      let out = '';
      for await (const chunk of await ai.models.generateContentStream({ model: MODELS.openai, contents: 'colour?', config })) out += chunk.text ?? '';
      return out;
    });
    expect(streamed).toBe('RED');
  });
});

describe('@google/genai chats: a streamed Gemini answer, the next turn served by OpenAI', () => {
  it('sends each answer as one assistant message, parallel calls paired with their results', async () => {
    await h.app.service.updateRoutingRules({ aliases: { 'gemini-then-openai': [MODELS.gemini, MODELS.openai] } });
    h.gemini.options.parallelArgs = [{ city: 'Paris' }, { city: 'Rome' }];
    const chat = ai.chats.create({ model: 'gemini-then-openai', config: { tools: [weather] } });
    try {
      const calls = [];
      for await (const chunk of await chat.sendMessageStream({ message: 'the weather in Paris and Rome?' })) calls.push(...(chunk.functionCalls ?? []));
      expect(calls.map((c) => c.args)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
      expect(chat.getHistory(true).filter((c) => c.role === 'model')).toHaveLength(2);
      // Gemini fails: the function results go to OpenAI, which refuses a call left unanswered
      h.gemini.persistentFault = { kind: 'status', status: 503 };
      const results = calls.map((c) => ({ functionResponse: { name: c.name!, response: { output: `weather of ${String(c.args!.city)}` } } }));
      let out = '';
      for await (const chunk of await chat.sendMessageStream({ message: results })) out += chunk.text ?? '';
      expect(out).toBe('Hello from the fake openai provider!');
      out = '';
      for await (const chunk of await chat.sendMessageStream({ message: 'thanks' })) out += chunk.text ?? '';
      expect(out).toBe('Hello from the fake openai provider!');
    } finally {
      h.gemini.persistentFault = null;
      delete h.gemini.options.parallelArgs;
      await h.app.service.updateRoutingRules({ aliases: {} });
    }
    const sent = h.openai.requests.at(-1)!.body.messages;
    expect(sent.map((m: any) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant', 'user']);
    const [paris, rome] = sent[1].tool_calls;
    expect([JSON.parse(paris.function.arguments), JSON.parse(rome.function.arguments)]).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: paris.id, content: 'weather of Paris' });
    expect(sent[3]).toEqual({ role: 'tool', tool_call_id: rome.id, content: 'weather of Rome' });
    // the streamed text answer is one message, not its chunks
    expect(sent[4]).toMatchObject({ role: 'assistant', content: 'Hello from the fake openai provider!' });
  });
});
