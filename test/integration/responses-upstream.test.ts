// A model served only on the Responses API, reached from the other inbound APIs: OpenAI Chat
// Completions and Anthropic Messages requests are translated to /responses (the fake refuses what
// the real API refuses: strict schemas, unknown fields, orphan tool outputs) and answered in the
// client's own format, streamed or not, tools included; usage and costs exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;
let openai: OpenAI;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startResponsesHarness({ fake: { usage: { input: 1000, output: 50, cached: 800, reasoning: 20 } } });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const TEXT = 'Hello from the fake openai responses provider!';
const lastBody = (): any => h.responses.requests.at(-1)!.body;
// 200 uncached at $2, 800 cached at $0.5, 50 out at $8 (per 1M)
const COST = (200 * 2 + 800 * 0.5 + 50 * 8) / 1e6;

async function expectRow(requestId: string | null, inbound: string, stream: boolean): Promise<void> {
  const row = (await usageRows(h.app)).find((r) => r.request_id === requestId)!;
  expect(row).toMatchObject({ inbound_api: inbound, model_id: RESPONSES_MODEL, stream: String(stream), estimated: 'false', input_tokens: '1000', cached_input_tokens: '800', output_tokens: '50', reasoning_tokens: '20' });
  expect(Math.abs(Number(row.cost_usd) - COST)).toBeLessThan(1e-12);
}

describe('Chat Completions in -> Responses-only model', () => {
  it('answers, streamed and not, with usage translated both ways', async () => {
    const { data, response } = await openai.chat.completions.create({ model: RESPONSES_MODEL, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe(TEXT);
    expect(data.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 800 }, completion_tokens_details: { reasoning_tokens: 20 } });
    expect(h.responses.requests.at(-1)!.path).toBe('/v1/responses');
    expect(lastBody()).toMatchObject({ model: 'gpt-resp-fake', instructions: 'be brief', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], store: false });
    await expectRow(response.headers.get('x-switchboard-request-id'), 'chat', false);

    const { data: stream, response: r2 } = await openai.chat.completions.create({
      model: RESPONSES_MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true },
    }).withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const c of stream) {
      text += c.choices[0]?.delta?.content ?? '';
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe(TEXT);
    expect(usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 50 });
    await expectRow(r2.headers.get('x-switchboard-request-id'), 'chat', true);
  });

  it('carries a tool round trip: tools strict-off, the call and its output paired', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'weather in Paris?' }];
    const first = await openai.chat.completions.stream({ model: RESPONSES_MODEL, messages, tools }).finalChatCompletion();
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    expect(lastBody().tools).toEqual([{ type: 'function', name: 'get_weather', parameters: tools[0]!.function.parameters, strict: false }]);
    const second = await openai.chat.completions.create({
      model: RESPONSES_MODEL, tools,
      messages: [...messages, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '22C' }],
    });
    expect(second.choices[0]!.message.content).toBe(TEXT);
    expect(lastBody().input.slice(-2)).toEqual([
      { type: 'function_call', call_id: call.id, name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: call.id, output: '22C' },
    ]);
  });

  it('names what the Responses API has no place for', async () => {
    const { response } = await openai.chat.completions.create({ model: RESPONSES_MODEL, messages: [{ role: 'user', content: 'hi' }], stop: ['END'], seed: 1 }).withResponse();
    expect(response.headers.get('x-switchboard-dropped')!.split(',').sort()).toEqual(['seed', 'stop']);
  });

  it("carries what the Responses API takes too: an image's detail, verbosity, service_tier and metadata", async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo';
    const { response } = await openai.chat.completions.create({
      model: RESPONSES_MODEL, verbosity: 'low', service_tier: 'flex', metadata: { run: 'x' },
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this? answer in JSON' }, { type: 'image_url', image_url: { url: png, detail: 'high' } }] }],
    }).withResponse();
    expect(response.headers.get('x-switchboard-dropped')).toBeNull();
    expect(lastBody().input[0].content[1]).toEqual({ type: 'input_image', detail: 'high', image_url: png });
    expect(lastBody()).toMatchObject({ text: { format: { type: 'json_object' }, verbosity: 'low' }, service_tier: 'flex', metadata: { run: 'x' } });
  });
});

describe('Anthropic Messages in -> Responses-only model', () => {
  it('answers, streamed and not, and carries tools both ways', async () => {
    const { data, response } = await anthropic.messages.create({ model: RESPONSES_MODEL, max_tokens: 256, system: 'be brief', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.content).toEqual([expect.objectContaining({ type: 'text', text: TEXT })]);
    expect(data.usage).toMatchObject({ input_tokens: 200, cache_read_input_tokens: 800, output_tokens: 50 });
    expect(lastBody()).toMatchObject({ instructions: 'be brief', max_output_tokens: 256 });
    await expectRow(response.headers.get('x-switchboard-request-id'), 'messages', false);

    const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];
    const final = await anthropic.messages.stream({ model: RESPONSES_MODEL, max_tokens: 256, tools, messages: [{ role: 'user', content: 'weather in Paris?' }] }).finalMessage();
    const use = final.content.find((b) => b.type === 'tool_use')!;
    expect(final.stop_reason).toBe('tool_use');
    expect(use.type === 'tool_use' && use.input).toEqual({ city: 'Paris' });
    const after = await anthropic.messages.create({
      model: RESPONSES_MODEL, max_tokens: 256, tools,
      messages: [{ role: 'user', content: 'weather in Paris?' }, { role: 'assistant', content: final.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.type === 'tool_use' ? use.id : '', content: '22C' }] }],
    });
    expect(after.content).toEqual([expect.objectContaining({ type: 'text', text: TEXT })]);
  });
});

describe('a request the Responses API refuses', () => {
  const refusedBy = async (p: Promise<unknown>): Promise<InstanceType<typeof OpenAI.BadRequestError>> => {
    const err = await p.then(() => { throw new Error('expected a 400'); }, (e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    return err as InstanceType<typeof OpenAI.BadRequestError>;
  };

  it("forwarded as sent, keeps the provider's code and param: they name the client's own body", async () => {
    const missing = await refusedBy(openai.responses.create({ model: RESPONSES_MODEL, input: [{ role: 'user', content: [{ type: 'input_text' } as never] }] }));
    expect(missing.error).toMatchObject({ type: 'invalid_request_error', param: 'input[0].content[0].text', code: 'missing_required_parameter' });
    expect([missing.param, missing.code]).toEqual(['input[0].content[0].text', 'missing_required_parameter']);
    expect(missing.message).toContain("Missing required parameter: 'input[0].content[0].text'.");

    // another organization's encrypted reasoning, refused (invalid_encrypted_content), is sent again without it
    const reasoning = { type: 'reasoning' as const, id: 'rs_elsewhere', summary: [], encrypted_content: 'not-from-this-organization' };
    const stale = await openai.responses.create({ model: RESPONSES_MODEL, input: [reasoning, { role: 'user', content: 'hi' }] }).withResponse();
    expect(stale.response.headers.get('x-switchboard-dropped')).toContain('input[type=reasoning].encrypted_content');
    expect(lastBody().input).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it("continued here (previous_response_id), keeps the provider's code but not its param: the body sent holds the turns before", async () => {
    const first = await openai.responses.create({ model: RESPONSES_MODEL, input: 'hi' });
    const err = await refusedBy(openai.responses.create({ model: RESPONSES_MODEL, previous_response_id: first.id, input: [{ role: 'user', content: [{ type: 'input_text' } as never] }] }));
    // the provider was sent the first turn's question and answer before it
    expect(err.message).toContain("Missing required parameter: 'input[2].content[0].text'.");
    expect([err.param, err.code]).toEqual([null, 'missing_required_parameter']);
  });

  it("translated, says what the provider said but not its param and code, which name Switchboard's body", async () => {
    h.responses.faults.push({ kind: 'status', status: 400, body: { error: { message: "Missing required parameter: 'input[1].call_id'.", type: 'invalid_request_error', param: 'input[1].call_id', code: 'missing_required_parameter' } } });
    const err = await refusedBy(openai.chat.completions.create({ model: RESPONSES_MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    expect(err.message).toContain("Missing required parameter: 'input[1].call_id'.");
    expect(err.error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'invalid_request_error' });
  });
});
