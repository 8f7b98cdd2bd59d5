import { describe, expect, it } from 'vitest';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { StreamPart } from '../../canonical';
import { REUSE_MIN_BYTES } from '../../forward-body';
import { createSseParser } from '../../sse';
import { responsesCodecFor, responsesInbound } from './index';
import { messageItem, messageItemJson, outputText, outputTextJson } from './response-object';

interface Ev { event: string | undefined; data: any }

function parse(text: string): Ev[] {
  const p = createSseParser();
  return [...p.push(text), ...p.end()].map((e) => ({ event: e.event, data: JSON.parse(e.data) }));
}

const tools = [
  { type: 'function', name: 'exec_command', parameters: { type: 'object' } },
  { type: 'namespace', name: 'multi_agent_v1', description: 'agents', tools: [{ type: 'function', name: 'wait_agent', parameters: {} }] },
];

function run(parts: StreamPart[], request: Record<string, unknown> = { tools }, onResponse?: (r: Record<string, unknown>) => void) {
  const codec = responsesCodecFor({ id: 'resp_abc', request, ...(onResponse ? { onResponse } : {}) });
  const enc = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'fa/claude-fake', includeUsage: true, estimatedInputTokens: 5 });
  let text = '';
  for (const p of parts) text += enc.encode(p);
  return { text: text + enc.end(), enc };
}

/** the OpenAI SDK's own accumulator: it throws on any event out of place */
function accumulate(events: Ev[]): any {
  let snapshot: any;
  for (const e of events) snapshot = accumulateResponse(e.data, snapshot);
  return snapshot;
}

const usage = { inputTokens: 100, outputTokens: 20, cachedInputTokens: 60, reasoningTokens: 8 };

describe('Responses stream encoder', () => {
  it('writes nothing for the model at work, not even response.created: it is no answer yet', () => {
    const enc = responsesCodecFor({ id: 'resp_abc', request: {} }).createStreamEncoder({ id: 'sbr_x', servedModel: 'fa/claude-fake', includeUsage: true, estimatedInputTokens: 5 });
    expect(enc.encode({ type: 'at-work', thinking: true }) + enc.encode({ type: 'at-work', thinking: false })).toBe('');
    expect(parse(enc.encode({ type: 'text-delta', text: 'hi' }))[0]!.event).toBe('response.created');
  });

  it('writes the JSON of a text part and a message item exactly as JSON.stringify of their objects', () => {
    for (const text of ['', 'plain', 'quote " backslash \\ newline \n \u2028 \ud83d\ude00']) {
      const part = outputTextJson(JSON.stringify(text));
      expect(part).toBe(JSON.stringify(outputText(text)));
      expect(messageItemJson('msg_"x', part)).toBe(JSON.stringify(messageItem('msg_"x', text)));
    }
  });

  it('emits the full typed sequence, numbered, that the SDK accumulates into the final response', () => {
    let stored: Record<string, unknown> | undefined;
    const { text } = run([
      { type: 'start', id: 'msg_up', model: 'claude' },
      { type: 'reasoning-delta', text: 'Thinking' },
      { type: 'reasoning-delta', text: ' hard' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' there' },
      { type: 'usage', usage },
      { type: 'finish', finishReason: 'stop' },
    ], { tools, instructions: 'be kind', metadata: { a: '1' }, reasoning: { summary: 'auto' } }, (r) => { stored = r; });
    const events = parse(text);
    expect(events.map((e) => e.event)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.data.type)).toEqual(events.map((e) => e.event));
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    const created = events[0]!.data.response;
    expect(created).toMatchObject({ id: 'resp_abc', object: 'response', status: 'in_progress', model: 'fa/claude-fake', instructions: 'be kind', metadata: { a: '1' }, output: [] });
    const final = events.at(-1)!.data.response;
    expect(final.status).toBe('completed');
    expect(final.usage).toEqual({
      input_tokens: 100, input_tokens_details: { cached_tokens: 60 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 8 }, total_tokens: 120,
    });
    expect(final.output).toEqual([
      { id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking hard' }] },
      { id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Hello there' }] },
    ]);
    expect(accumulate(events).output).toEqual(final.output);
    expect(accumulate(events).output_text).toBe('Hello there');
    expect(stored).toEqual(final);
  });

  it("writes a refusal as a message's refusal part, completed as OpenAI completes it, and the same non-streamed", () => {
    let stored: any;
    const { text } = run([
      { type: 'start', id: 'up', model: 'gpt' },
      { type: 'text-delta', text: "I can't ", refusal: true },
      { type: 'text-delta', text: 'help.', refusal: true },
      { type: 'finish', finishReason: 'content_filter' },
    ], { tools }, (r) => { stored = r; });
    const events = parse(text);
    expect(events.filter((e) => e.event === 'response.refusal.delta').map((e) => e.data.delta)).toEqual(["I can't ", 'help.']);
    const final = events.at(-1)!;
    expect(final.event).toBe('response.completed');
    const refusal = [{ type: 'message', status: 'completed', content: [{ type: 'refusal', refusal: "I can't help." }] }];
    expect(final.data.response).toMatchObject({ status: 'completed', incomplete_details: null, output: refusal });
    expect(accumulate(events)).toMatchObject({ output: refusal });
    expect(stored).toMatchObject({ status: 'completed', output: refusal });
    const whole = responsesCodecFor({ id: 'resp_abc', request: {} }).formatResponse(
      { id: 'up', model: 'gpt', text: "I can't help.", refusal: "I can't help.", toolCalls: [], finishReason: 'content_filter' }, 'fo/gpt',
    );
    expect(whole).toMatchObject({ status: 'completed', incomplete_details: null, output: refusal });
  });

  it('streams function calls, each its own item, a namespaced one under the name and namespace the client declared', () => {
    const { text } = run([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text-delta', text: 'Running it.' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'exec_command' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"cmd":' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'multi_agent_v1__wait_agent' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"ls"}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    const events = parse(text);
    const final = events.at(-1)!.data.response;
    expect(final.output.slice(1)).toEqual([
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', arguments: '{"cmd":"ls"}', call_id: 'call_1', name: 'exec_command' },
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', arguments: '{}', call_id: 'call_2', name: 'wait_agent', namespace: 'multi_agent_v1' },
    ]);
    expect(final.usage).toBeNull();
    expect(accumulate(events).output).toEqual(final.output);
    const deltas = events.filter((e) => e.event === 'response.function_call_arguments.delta').map((e) => [e.data.output_index, e.data.delta]);
    expect(deltas).toEqual([[1, '{"cmd":'], [1, '"ls"}'], [2, '{}']]);
    expect(new Set(final.output.map((o: any) => o.id)).size).toBe(3);
  });

  it("streams a custom tool's call as a custom_tool_call whose input is the text the model gave as `input`", () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi "there"\n*** End Patch\n';
    const args = JSON.stringify({ input: patch });
    const request = {
      tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }],
      input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'namespace', name: 'functions', tools: [{ type: 'custom', name: 'exec' }] }] }],
    };
    const { text } = run([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'apply_patch' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: args.slice(0, 12) },
      { type: 'tool-call-delta', index: 0, argumentsDelta: args.slice(12) },
      { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'functions__exec' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"input":"await tools.exec_command({cmd: \\"ls\\"})"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ], request);
    const events = parse(text);
    expect(events.map((e) => e.event).slice(2, -1)).toEqual([
      'response.output_item.added', 'response.output_item.added',
      'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done',
      'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done',
    ]);
    const final = events.at(-1)!.data.response;
    expect(final.output).toEqual([
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'toolu_1', name: 'apply_patch', input: patch },
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'toolu_2', name: 'exec', namespace: 'functions', input: 'await tools.exec_command({cmd: "ls"})' },
    ]);
    expect(events[2]!.data.item).toMatchObject({ type: 'custom_tool_call', status: 'in_progress', input: '' });
    expect(events.find((e) => e.event === 'response.custom_tool_call_input.done')!.data).toMatchObject({ output_index: 0, input: patch });
    // the OpenAI SDK builds the same items from the events
    expect(accumulate(events).output).toEqual(final.output);
  });

  it("answers a call to the client's own tool search as a tool_search_call with its arguments as an object", () => {
    const request = { tools: [{ type: 'tool_search', execution: 'client' }] };
    const { text } = run([
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'tool_search' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"query":"tick' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'et","limit":8}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ], request);
    const events = parse(text);
    expect(events.map((e) => e.event).slice(2)).toEqual(['response.output_item.added', 'response.output_item.done', 'response.completed']);
    const final = events.at(-1)!.data.response;
    expect(final.output).toEqual([
      { id: expect.stringMatching(/^tsc_/), type: 'tool_search_call', status: 'completed', call_id: 'toolu_1', execution: 'client', arguments: { query: 'ticket', limit: 8 } },
    ]);
    expect(accumulate(events).output).toEqual(final.output);
  });

  it('names a call back as the tool the model was offered under that name: the first of a name, from the body as sent', () => {
    // a continuation: the tools came with stored turns (`sent`), not with the client's new request
    const sent = {
      tools: [{ type: 'function', name: 'x', parameters: {} }, { type: 'namespace', name: 'ns', tools: [{ type: 'custom', name: 'f' }] }, { type: 'function', name: 'ns__f' }],
      input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'custom', name: 'x' }, { type: 'custom', name: 'apply_patch' }] }],
    };
    const codec = responsesCodecFor({ id: 'resp_abc', request: { input: 'go on' }, sent });
    const out = codec.formatResponse({
      id: 'x', model: 'm', text: '', finishReason: 'tool_calls',
      toolCalls: [{ id: 't1', name: 'x', arguments: '{"a":1}' }, { id: 't2', name: 'ns__f', arguments: '{"input":"F"}' }, { id: 't3', name: 'apply_patch', arguments: '{"input":"P"}' }],
    }, 'm') as any;
    expect(out.output.map((o: any) => [o.type, o.name, o.namespace, o.arguments ?? o.input])).toEqual([
      ['function_call', 'x', undefined, '{"a":1}'],
      ['custom_tool_call', 'f', 'ns', 'F'],
      ['custom_tool_call', 'apply_patch', undefined, 'P'],
    ]);
    // the response echoes the client's request, not the stored turns
    expect(out.tools).toEqual([]);
  });

  it('a stream cut off mid-call leaves the call incomplete, not completed with half its input', () => {
    const codec = responsesCodecFor({ id: 'resp_abc', request: { tools: [{ type: 'custom', name: 'apply_patch' }, { type: 'function', name: 'ls' }] } });
    const enc = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'm', includeUsage: true, estimatedInputTokens: 5 });
    const text = enc.encode({ type: 'text-delta', text: 'Patching.' })
      + enc.encode({ type: 'tool-call-start', index: 0, id: 't1', name: 'apply_patch' })
      + enc.encode({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"input":"*** Begin Pa' })
      + enc.encode({ type: 'tool-call-start', index: 1, id: 't2', name: 'ls' })
      + enc.encode({ type: 'tool-call-delta', index: 1, argumentsDelta: '{"pa' })
      + enc.fail!(502, 'api_error', 'upstream stream broke off');
    const events = parse(text);
    expect(events.map((e) => e.event)).not.toContain('response.custom_tool_call_input.done');
    expect(events.map((e) => e.event)).not.toContain('response.function_call_arguments.done');
    expect(events.filter((e) => e.event === 'response.output_item.done').map((e) => e.data.item.type)).toEqual(['message']);
    const failed = events.at(-1)!.data.response;
    expect(failed.output.map((o: any) => [o.type, o.status])).toEqual([['message', 'completed'], ['custom_tool_call', 'incomplete'], ['function_call', 'incomplete']]);
  });

  it('a call cut off by max_output_tokens stays incomplete, and so does the message being written', () => {
    const events = parse(run([
      { type: 'text-delta', text: 'Checking.' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'exec_command' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"cmd":"l' },
      { type: 'finish', finishReason: 'length' },
    ]).text);
    expect(events.map((e) => e.event)).not.toContain('response.function_call_arguments.done');
    expect(events.filter((e) => e.event === 'response.output_item.done').map((e) => e.data.item.type)).toEqual(['message']);
    const cut = events.at(-1)!;
    expect(cut.event).toBe('response.incomplete');
    expect(cut.data.response.output.map((o: any) => [o.type, o.status])).toEqual([['message', 'completed'], ['function_call', 'incomplete']]);
    const truncated = parse(run([{ type: 'text-delta', text: 'Once upon' }, { type: 'finish', finishReason: 'length' }]).text);
    expect(truncated.find((e) => e.event === 'response.output_item.done')!.data.item.status).toBe('incomplete');
    expect(truncated.at(-1)!.data.response.output[0].status).toBe('incomplete');
    expect(accumulate(truncated).output[0].status).toBe('incomplete');
  });

  it('at a cut-off end, tells a call whose arguments are whole from one that was cut, as the non-streamed answer does', () => {
    const calls = [{ id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' }, { id: 'call_2', name: 'exec_command', arguments: '{"cmd":"p' }];
    const events = parse(run([
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'exec_command' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'exec_command' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: calls[0]!.arguments },
      { type: 'tool-call-delta', index: 1, argumentsDelta: calls[1]!.arguments },
      { type: 'finish', finishReason: 'length' },
    ]).text);
    expect(events.filter((e) => e.event === 'response.output_item.done').map((e) => e.data.item.call_id)).toEqual(['call_1']);
    const streamed = events.at(-1)!.data.response.output.map((o: any) => [o.call_id, o.status]);
    expect(streamed).toEqual([['call_1', 'completed'], ['call_2', 'incomplete']]);
    const whole = responsesInbound.formatResponse({ id: 'x', model: 'm', text: '', toolCalls: calls, finishReason: 'length' }, 'fo/gpt') as any;
    expect(whole.output.map((o: any) => [o.call_id, o.status])).toEqual(streamed);

    // a whole call, then text cut off: the text was cut, not the call
    const text = parse(run([
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'exec_command' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"cmd":"ls"}' },
      { type: 'text-delta', text: 'Then I wi' },
      { type: 'finish', finishReason: 'length' },
    ]).text).at(-1)!.data.response.output;
    expect(text.map((o: any) => [o.type, o.status])).toEqual([['function_call', 'completed'], ['message', 'incomplete']]);
  });

  it('keeps a call open while text comes between its start and its arguments, and names it when done', () => {
    const events = parse(run([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'exec_command' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"cmd":' },
      { type: 'text-delta', text: '\n' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"ls"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]).text);
    const done = events.find((e) => e.event === 'response.function_call_arguments.done')!.data;
    expect(done).toMatchObject({ name: 'exec_command', arguments: '{"cmd":"ls"}' });
    const final = accumulate(events);
    expect(final.output.map((o: any) => [o.type, o.status, o.arguments ?? o.content[0].text])).toEqual([
      ['function_call', 'completed', '{"cmd":"ls"}'], ['message', 'completed', '\n'],
    ]);
    expect(events.at(-1)!.data.response.output).toEqual(final.output);
  });

  it('ends a cut-short answer as response.incomplete, and one with nothing in it still as a response', () => {
    const cut = parse(run([{ type: 'text-delta', text: 'Once' }, { type: 'finish', finishReason: 'length' }]).text).at(-1)!;
    expect(cut.event).toBe('response.incomplete');
    expect(cut.data.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const empty = parse(run([]).text);
    expect(empty.map((e) => e.event)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
  });

  it('without reasoning.summary asked for, thinking goes out as a reasoning item with summary [], as OpenAI sends it', () => {
    const parts: StreamPart[] = [
      { type: 'start', id: 'msg_up', model: 'claude' },
      { type: 'reasoning-delta', text: 'Secret plan' },
      { type: 'reasoning-delta', text: ' continues' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'finish', finishReason: 'stop' },
    ];
    for (const reasoning of [undefined, { effort: 'high' }, { summary: 'none' }, { summary: null }]) {
      const { text } = run(parts, { tools, ...(reasoning === undefined ? {} : { reasoning }) });
      // the thinking alone shows the client nothing: the relay may still fail over (stream-relay.ts)
      const alone = responsesCodecFor({ id: 'resp_abc', request: { reasoning } }).createStreamEncoder({ id: 'sbr_x', servedModel: 'm', includeUsage: true, estimatedInputTokens: 5 });
      expect(alone.encode({ type: 'reasoning-delta', text: 'Secret' })).toBe('');
      expect(text).not.toContain('Secret plan');
      const events = parse(text);
      expect(events.map((e) => e.event)).toEqual([
        'response.created', 'response.in_progress', 'response.output_item.added', 'response.output_item.done',
        'response.output_item.added', 'response.content_part.added', 'response.output_text.delta',
        'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
      ]);
      expect(events[2]!.data.item).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [] });
      expect(events[3]!.data.item).toEqual(events[2]!.data.item);
      expect(accumulate(events).output.map((o: any) => [o.type, o.summary])).toEqual([['reasoning', []], ['message', undefined]]);
    }
    // thinking last, or cut by a failure, still gets its item: at the end, or incomplete in the failed response
    const last = run([{ type: 'text-delta', text: 'Hi' }, { type: 'reasoning-delta', text: 'Secret' }, { type: 'finish', finishReason: 'stop' }], { tools });
    expect(parse(last.text).at(-1)!.data.response.output.map((o: any) => [o.type, o.summary])).toEqual([['message', undefined], ['reasoning', []]]);
    const cut = responsesCodecFor({ id: 'resp_abc', request: {} }).createStreamEncoder({ id: 'sbr_x', servedModel: 'm', includeUsage: true, estimatedInputTokens: 5 });
    const failed = parse(cut.encode({ type: 'start', id: 'x', model: 'm' }) + cut.encode({ type: 'reasoning-delta', text: 'Secret' }) + cut.fail!(502, 'api_error', 'gone'));
    expect(failed.at(-1)!.data.response.output).toEqual([{ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [], status: 'incomplete' }]);
    for (const reasoning of [{ summary: 'auto' }, { summary: 'concise' }, { generate_summary: 'detailed' }]) {
      const final = parse(run(parts, { tools, reasoning }).text).at(-1)!.data.response;
      expect(final.output[0].summary).toEqual([{ type: 'summary_text', text: 'Secret plan continues' }]);
    }
  });

  it('fails mid-stream with an error event and response.failed, numbered on, and nothing after', () => {
    const codec = responsesCodecFor({ id: 'resp_abc', request: {} });
    const enc = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'm', includeUsage: true, estimatedInputTokens: 5 });
    const text = enc.encode({ type: 'text-delta', text: 'Hel' }) + enc.fail!(502, 'api_error', 'upstream stream broke off');
    expect(enc.end()).toBe('');
    const events = parse(text);
    expect(events.slice(-2).map((e) => e.event)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)!.data).toMatchObject({ type: 'error', code: 'server_error', message: 'upstream stream broke off', param: null });
    expect(events.at(-1)!.data.response).toMatchObject({ id: 'resp_abc', status: 'failed', error: { code: 'server_error', message: 'upstream stream broke off' } });
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('a failure leaves the message and the summary being written incomplete, and the failed response is kept', () => {
    let kept: any;
    const codec = responsesCodecFor({ id: 'resp_abc', request: {}, onResponse: (r) => { kept = r; } });
    const enc = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'm', includeUsage: true, estimatedInputTokens: 5 });
    const text = enc.encode({ type: 'reasoning-delta', text: 'Let me' }) + enc.encode({ type: 'usage', usage })
      + enc.fail!(502, 'api_error', 'upstream stream broke off');
    const thinkingCut = parse(text).at(-1)!.data.response;
    expect(thinkingCut.output.map((o: any) => [o.type, o.status])).toEqual([['reasoning', 'incomplete']]);
    expect(kept).toMatchObject({ id: 'resp_abc', status: 'failed', error: { code: 'server_error', message: 'upstream stream broke off' }, usage: { input_tokens: 100 } });
    expect(kept.output).toEqual(thinkingCut.output);

    const enc2 = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'm', includeUsage: true, estimatedInputTokens: 5 });
    const events = parse(enc2.encode({ type: 'reasoning-delta', text: 'Hmm.' }) + enc2.encode({ type: 'text-delta', text: 'Hel' }) + enc2.fail!(502, 'api_error', 'gone'));
    const done = events.filter((e) => e.event === 'response.output_item.done').map((e) => [e.data.item.type, e.data.item.status]);
    // the summary finished when the message began; the message did not
    expect(done).toEqual([['reasoning', undefined], ['message', 'incomplete']]);
    expect(events.at(-1)!.data.response.output.map((o: any) => o.status)).toEqual([undefined, 'incomplete']);
    expect(kept.output.map((o: any) => o.status)).toEqual([undefined, 'incomplete']);
    expect(accumulate(events.slice(0, -2)).output[1]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it('keeps a forwarded stream\'s failed response as it keeps a finished one', () => {
    const kept: any[] = [];
    const codec = responsesCodecFor({ id: 'resp_abc', request: {}, onResponse: (r, forwarded) => { kept.push([r.status, forwarded]); } });
    const response = { id: 'resp_up', status: 'failed', error: { code: 'server_error', message: 'x' }, output: [] };
    codec.observeForwarded!.event({ event: 'response.in_progress', data: JSON.stringify({ type: 'response.in_progress', response: { ...response, status: 'in_progress' } }) });
    codec.observeForwarded!.event({ event: 'response.failed', data: JSON.stringify({ type: 'response.failed', sequence_number: 9, response }) });
    codec.observeForwarded!.event({ event: undefined, data: JSON.stringify({ type: 'response.failed', response }) });
    expect(kept).toEqual([['failed', true], ['failed', true]]);
  });

  it('the unbound codec names its response after the request id; its stateless error is an error event and response.failed', () => {
    const enc = responsesInbound.createStreamEncoder({ id: 'sbr_0123abcd', servedModel: 'm', includeUsage: true, estimatedInputTokens: 0 });
    expect(parse(enc.encode({ type: 'text-delta', text: 'x' }))[0]!.data.response.id).toBe('resp_0123abcd');
    const err = parse(responsesInbound.formatStreamError(429, 'rate_limit_error', 'slow down'));
    expect(err.map((e) => e.event)).toEqual(['error', 'response.failed']);
    expect(err[0]!.data).toMatchObject({ code: 'rate_limit_exceeded', message: 'slow down' });
  });
});

describe('Responses formatResponse', () => {
  it('builds the response object: reasoning, message and calls as output items, usage with cached and reasoning tokens', () => {
    let stored: unknown;
    const codec = responsesCodecFor({ id: 'resp_abc', request: { tools, store: false, previous_response_id: 'resp_prev' }, onResponse: (r) => { stored = r; } });
    const out = codec.formatResponse({
      id: 'msg_up', model: 'claude', text: 'Sure.', reasoning: 'why', finishReason: 'tool_calls', usage,
      toolCalls: [{ id: 'toolu_1', name: 'multi_agent_v1__wait_agent', arguments: '{"timeout_ms":1}' }],
    }, 'fa/claude-fake') as any;
    expect(out).toMatchObject({
      id: 'resp_abc', object: 'response', status: 'completed', model: 'fa/claude-fake', error: null, incomplete_details: null,
      store: false, previous_response_id: 'resp_prev', tools,
      usage: { input_tokens: 100, input_tokens_details: { cached_tokens: 60 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 8 }, total_tokens: 120 },
    });
    expect(out.output.map((o: any) => o.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(out.output[2]).toMatchObject({ call_id: 'toolu_1', name: 'wait_agent', namespace: 'multi_agent_v1', arguments: '{"timeout_ms":1}' });
    expect(stored).toBe(out);
  });

  it("gives the thinking as summary text only when reasoning.summary asked for it, else summary []", () => {
    const answer = { id: 'msg_up', model: 'claude', text: 'Sure.', reasoning: 'why', finishReason: 'stop' as const, toolCalls: [] };
    const reasoningOf = (request: Record<string, unknown>) => (responsesCodecFor({ id: 'resp_abc', request }).formatResponse(answer, 'fa/claude-fake') as any).output[0];
    expect(reasoningOf({})).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [] });
    expect(reasoningOf({ reasoning: { effort: 'low', summary: 'none' } }).summary).toEqual([]);
    expect(reasoningOf({ reasoning: { summary: 'detailed' } }).summary).toEqual([{ type: 'summary_text', text: 'why' }]);
  });

  it("answers a custom tool's call as custom_tool_call; arguments that are not `{input}` JSON are the text itself", () => {
    const codec = responsesCodecFor({ id: 'resp_abc', request: { tools: [{ type: 'custom', name: 'apply_patch' }, ...tools] } });
    const out = codec.formatResponse({
      id: 'x', model: 'm', text: '', finishReason: 'tool_calls',
      toolCalls: [
        { id: 't1', name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' },
        { id: 't2', name: 'apply_patch', arguments: '*** Begin Patch' },
        { id: 't3', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { id: 't4', name: 'apply_patch', arguments: '{"patch":"P"}' },
        { id: 't5', name: 'apply_patch', arguments: '{}' },
      ],
    }, 'm') as any;
    expect(out.output.slice(3).map((o: any) => o.input)).toEqual(['P', '']);
    expect(out.output.slice(0, 3)).toEqual([
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 't1', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 't2', name: 'apply_patch', input: '*** Begin Patch' },
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 't3', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    ]);
  });

  it('answers a call cut off by max_output_tokens as incomplete, not completed with half its arguments', () => {
    const out = responsesInbound.formatResponse({
      id: 'chatcmpl-9', model: 'm', text: 'Checking.', toolCalls: [{ id: 'call_1', name: 'exec_command', arguments: '{"cmd":"l' }], finishReason: 'length',
    }, 'fo/gpt') as any;
    expect(out.output.map((o: any) => [o.type, o.status])).toEqual([['message', 'completed'], ['function_call', 'incomplete']]);
  });

  it('answers an empty completion with an empty message, and a length stop as incomplete', () => {
    const out = responsesInbound.formatResponse({ id: 'chatcmpl-9', model: 'm', text: '', toolCalls: [], finishReason: 'length' }, 'fo/gpt') as any;
    expect(out.id).toBe('resp_9');
    expect(out.status).toBe('incomplete');
    expect(out.output).toEqual([expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: '' })] })]);
    expect(out.usage).toBeNull();
  });

  it('carries the same response in its first and last events, but for the members that end changes, in the same order', () => {
    let stored: Record<string, unknown> | undefined;
    const request = { instructions: 'Be brief.\n"Quoted" rules.', tools, metadata: { run: '7' }, temperature: 0.2 };
    const { text } = run([
      { type: 'start', id: 'msg_up', model: 'claude' },
      { type: 'text-delta', text: 'hi' },
      { type: 'usage', usage },
      { type: 'finish', finishReason: 'stop' },
    ], request, (r) => { stored = r; });
    const events = parse(text);
    const created = events[0]!.data.response;
    const completed = events.at(-1)!.data.response;
    expect(events.at(-1)!.event).toBe('response.completed');
    expect(Object.keys(completed)).toEqual(Object.keys(created));
    const changed = new Set(['status', 'output', 'usage', 'incomplete_details']);
    for (const key of Object.keys(created)) if (!changed.has(key)) expect(completed[key], key).toEqual(created[key]);
    expect(completed.instructions).toBe(request.instructions);
    expect(completed).toEqual(JSON.parse(JSON.stringify(stored)));
  });

  it('echoes the request from its own bytes when it has them, to the same effect', () => {
    // big enough for its bytes to be reused (core/forward-body.ts)
    const text = `{"model":"x","instructions":"Be brief.\\n\\"Quoted\\" \\u00e9","tools":[{"type":"function","name":"exec_command","parameters":{"type":"object"}}],"temperature":0.50,"metadata":{"pad":"${'p'.repeat(REUSE_MIN_BYTES)}"}}`;
    const request = JSON.parse(text) as Record<string, unknown>;
    const raw = { bytes: new TextEncoder().encode(text), parsed: request };
    const parts: StreamPart[] = [{ type: 'start', id: 'm', model: 'c' }, { type: 'text-delta', text: 'hi' }, { type: 'finish', finishReason: 'stop' }];
    const encode = (withRaw: boolean) => {
      const codec = responsesCodecFor({ id: 'resp_abc', request, ...(withRaw ? { raw } : {}) });
      const enc = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'fa/claude-fake', includeUsage: true, estimatedInputTokens: 5 });
      let out = '';
      for (const p of parts) out += enc.encode(p);
      return out + enc.end();
    };
    const viaBytes = encode(true);
    expect(viaBytes).toContain('"instructions":"Be brief.\\n\\"Quoted\\" \\u00e9"');
    const strip = (evs: Ev[]) => evs.map((e) => ({ ...e, data: { ...e.data, response: e.data.response ? { ...e.data.response, created_at: 0 } : undefined } }));
    expect(strip(parse(viaBytes))).toEqual(strip(parse(encode(false))));
  });

  it('echoes a request written across lines as one line per event', () => {
    const request = { model: 'x', instructions: 'i'.repeat(REUSE_MIN_BYTES), tools, metadata: { a: '1' } };
    const text = JSON.stringify(request, null, 2).replace(/\n/g, '\r\n');
    const raw = { bytes: new TextEncoder().encode(text), parsed: JSON.parse(text) as Record<string, unknown> };
    const codec = responsesCodecFor({ id: 'resp_abc', request: raw.parsed, raw });
    const enc = codec.createStreamEncoder({ id: 'sbr_x', servedModel: 'fa/claude-fake', includeUsage: true, estimatedInputTokens: 5 });
    const events = parse(enc.encode({ type: 'text-delta', text: 'hi' }) + enc.end());
    expect(events.map((e) => e.event)).toEqual(events.map((e) => e.data.type));
    expect(events.at(-1)!.data.response).toMatchObject({ status: 'completed', instructions: request.instructions, tools, metadata: { a: '1' } });
  });
});
