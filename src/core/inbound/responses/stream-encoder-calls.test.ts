// The Responses stream encoder's tool calls: function, custom and tool-search calls as their own items,
// named back as the client declared them, and left incomplete when the stream is cut.
import { describe, expect, it } from 'vitest';
import { responsesCodecFor, responsesInbound } from './index';
import { accumulate, parse, run } from '../../../../test/helpers/responses-events';

describe('Responses stream encoder', () => {
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
});
