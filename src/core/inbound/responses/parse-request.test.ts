import { describe, expect, it } from 'vitest';
import { responsesFixture } from '../../../../test/fixtures/responses/load';
import { RequestValidationError } from '../../canonical';
import { responsesToCanonical } from './parse-request';

const parse = (body: unknown) => responsesToCanonical(body);

describe('responsesToCanonical', () => {
  it("turns Codex's first turn into a system prompt, user turns and flat function tools, and names what it cannot carry", () => {
    const body = responsesFixture('codex-first-turn.request.json');
    const { request: req, dropped } = parse(body);
    expect(req.system).toHaveLength(2);
    expect(req.system[0]).toMatch(/^You are a coding agent running in the Codex CLI/);
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'user']);
    expect(req.messages[1]!.content).toEqual([{ type: 'text', text: 'run echo sb-roundtrip' }]);
    expect(req.stream).toBe(true);
    expect(req.toolChoice).toBe('auto');
    expect(req.parallelToolCalls).toBe(true);
    expect(req.includeThoughts).toBe(true);
    const names = req.tools!.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['exec_command', 'view_image', 'multi_agent_v1__spawn_agent', 'multi_agent_v1__close_agent']));
    const exec = req.tools!.find((t) => t.name === 'exec_command')!;
    expect(exec.parameters).toEqual(body.tools[0].parameters);
    expect(dropped.sort()).toEqual(['client_metadata', 'include', 'prompt_cache_key', 'tools[type=web_search]']);
  });

  it("carries Codex's tool round trip: the call in the assistant turn, its output as the tool result", () => {
    const { request: req, dropped } = parse(responsesFixture('codex-tool-result.request.json'));
    expect(req.messages.slice(-2)).toEqual([
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'exec_command', arguments: '{"cmd":"echo sb-roundtrip"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: expect.stringContaining('sb-roundtrip\n') }] },
    ]);
    expect(dropped).toContain('input[type=reasoning].encrypted_content');
  });

  it('drops the output of a call it cannot carry (local_shell_call) with the call: a result without its call is refused', () => {
    const { request: req, dropped } = parse({
      model: 'm',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
        { type: 'local_shell_call', call_id: 'c1', status: 'completed', action: { type: 'exec', command: ['ls'] } },
        { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
        { type: 'function_call', call_id: 'c2', name: 'read', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c2', output: 'text' },
      ],
    });
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(req.messages[2]).toMatchObject({ role: 'tool', toolCallId: 'c2' });
    expect(dropped).toEqual(expect.arrayContaining(['input[type=local_shell_call]', 'input[type=function_call_output]']));
  });

  it('reads a string input with instructions, sampling, output limit, JSON schema output and reasoning effort', () => {
    const { request, dropped } = parse({
      model: 'auto', input: 'hi', instructions: 'be brief', temperature: 0.2, top_p: 0.9, max_output_tokens: 100, user: 'u1',
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      reasoning: { effort: 'xhigh' }, metadata: { k: 'v' }, store: true, previous_response_id: 'resp_1', service_tier: 'flex',
    });
    expect(request).toEqual({
      model: 'auto', system: ['be brief'], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: false, includeUsage: true, temperature: 0.2, topP: 0.9, maxTokens: 100, user: 'u1',
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, reasoningEffort: 'high',
    });
    expect(dropped.sort()).toEqual(['service_tier', 'text.verbosity']);
    expect(parse({ model: 'm', input: 'x', reasoning: { effort: 'none' } }).request.reasoningEffort).toBeUndefined();
    expect(parse({ model: 'm', input: 'x', text: { format: { type: 'json_object' } } }).request.responseFormat).toEqual({ type: 'json_object' });
  });

  it('keeps a later developer message where it was said, joins an answer with its calls, and reads media parts', () => {
    const { request, dropped } = parse({
      model: 'm',
      tools: [{ type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find', parameters: { type: 'object' } }] }],
      tool_choice: { type: 'function', name: 'find', namespace: 'crm' },
      input: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: [
          { type: 'input_text', text: 'look' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo', detail: 'low' },
          { type: 'input_file', file_url: 'https://example.com/a.pdf' },
          { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'b.pdf' },
        ] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'checking' }] },
        { type: 'function_call', call_id: 'c1', name: 'find', namespace: 'crm', arguments: '{"q":"a"}' },
        { type: 'function_call', call_id: 'c2', name: 'find', namespace: 'crm', arguments: '{"q":"b"}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'A' }, { type: 'input_image', image_url: 'https://example.com/x.png' }] },
        { type: 'function_call_output', call_id: 'c2', output: 'B' },
        { role: 'developer', content: 'now summarise' },
        { type: 'item_reference', id: 'msg_9' },
      ],
    });
    expect(request.system).toEqual(['sys']);
    expect(request.tools).toEqual([{ name: 'crm__find', parameters: { type: 'object' } }]);
    expect(request.toolChoice).toEqual({ name: 'crm__find' });
    expect(request.messages).toEqual([
      { role: 'user', content: [
        { type: 'text', text: 'look' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo' } },
        { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
        { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0x' }, filename: 'b.pdf' },
      ] },
      { role: 'assistant', content: [{ type: 'text', text: 'checking' }], toolCalls: [
        { id: 'c1', name: 'crm__find', arguments: '{"q":"a"}' }, { id: 'c2', name: 'crm__find', arguments: '{"q":"b"}' },
      ] },
      { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'A' }, { type: 'image', source: { kind: 'url', url: 'https://example.com/x.png' } }] },
      { role: 'tool', toolCallId: 'c2', content: [{ type: 'text', text: 'B' }] },
      { role: 'system', content: [{ type: 'text', text: 'now summarise' }] },
    ]);
    expect(dropped).toEqual(['input[type=item_reference]']);
  });

  it.each([
    ['body not an object', [1], undefined],
    ['model missing', { input: 'hi' }, 'model'],
    ['input a number', { model: 'm', input: 3 }, 'input'],
    ['message without role', { model: 'm', input: [{ type: 'message', content: 'x' }] }, 'input[0].role'],
    ['message without content', { model: 'm', input: [{ role: 'user' }] }, 'input[0].content'],
    ['text part without text', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_text' }] }] }, 'input[0].content[0].text'],
    ['image without url', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_image' }] }] }, 'input[0].content[0].image_url'],
    ['image by file id', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] }, 'input[0].content[0].file_id'],
    ['image from a file URL', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'file:///etc/passwd' }] }] }, 'input[0].content[0].image_url'],
    ['function_call without call_id', { model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
    ['function_call_output without call_id', { model: 'm', input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0].call_id'],
    ['tool without name', { model: 'm', input: 'x', tools: [{ type: 'function', parameters: {} }] }, 'tools[0].name'],
    ['namespace without tools', { model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'n' }] }, 'tools[0].tools'],
    ['temperature out of range', { model: 'm', input: 'x', temperature: 3 }, 'temperature'],
    ['unknown reasoning effort', { model: 'm', input: 'x', reasoning: { effort: 'max' } }, 'reasoning.effort'],
    ['json_schema without schema', { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'n' } } }, 'text.format.schema'],
    ['metadata not an object', { model: 'm', input: 'x', metadata: 'a' }, 'metadata'],
  ])('refuses a part it must carry but cannot read: %s', (_name, body, param) => {
    let err: unknown;
    try { parse(body); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RequestValidationError);
    expect((err as RequestValidationError).param).toBe(param);
  });
});
