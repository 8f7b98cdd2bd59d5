import { describe, expect, it } from 'vitest';
import { responsesFixture } from '../../../../test/fixtures/responses/load';
import { RequestValidationError } from '../../canonical';
import { responsesToCanonical } from './parse-request';
import { ToolNames } from './tool-names';

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
    // its session's cache key goes on: OpenAI's chat models take it, the other providers' builders name it
    expect(req.promptCacheKey).toBe(body.prompt_cache_key);
    expect(dropped.sort()).toEqual(['client_metadata', 'include', 'tools[type=web_search]']);
  });

  it("carries Codex's tool round trip: the call in the assistant turn, its output as the tool result", () => {
    const { request: req, dropped } = parse(responsesFixture('codex-tool-result.request.json'));
    expect(req.messages.slice(-2)).toEqual([
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'exec_command', arguments: '{"cmd":"echo sb-roundtrip"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: expect.stringContaining('sb-roundtrip\n') }] },
    ]);
    expect(dropped).toContain('input[type=reasoning].encrypted_content');
  });

  it('gives a reasoning item\'s summary text to the assistant turn after it, for a provider that wants it back', () => {
    const { request: req } = parse({
      model: 'm',
      input: [
        { role: 'user', content: 'list' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Run ls.' }, { type: 'summary_text', text: 'Then read.' }] },
        { type: 'function_call', call_id: 'c1', name: 'ls', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
        { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'Say it.' }] },
        { role: 'assistant', content: 'a.txt' },
        { type: 'reasoning', id: 'rs_3', summary: [{ type: 'summary_text', text: 'Nothing follows me.' }] },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'list' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'ls', arguments: '{}' }], reasoning: 'Run ls.\nThen read.' },
      { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'a.txt' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'a.txt' }], reasoning: 'Say it.' },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
    ]);
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

  it('carries safety_identifier as the end-user id, and names a user sent beside it (one id is carried)', () => {
    const both = responsesToCanonical({ model: 'm', input: 'hi', safety_identifier: 's', user: 'alice' });
    expect(both.request).toMatchObject({ user: 's', userField: 'safety_identifier' });
    expect(both.dropped).toEqual(['user']);
    expect(responsesToCanonical({ model: 'm', input: 'hi', user: 'alice' }).dropped).toEqual([]);
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
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, reasoningEffort: 'xhigh',
      verbosity: 'low', serviceTier: 'flex',
    });
    // the tier and verbosity are carried (Chat Completions takes both); metadata stays with the kept response
    expect(dropped).toEqual([]);
    expect(() => parse({ model: 'm', input: 'x', service_tier: 1 })).toThrow(/service_tier/);
    expect(() => parse({ model: 'm', input: 'x', text: { verbosity: true } })).toThrow(/text\.verbosity/);
    expect(parse({ model: 'm', input: 'x', text: { verbosity: 'low', other: 1 } }).dropped).toEqual(['text.other']);
    const described = parse({ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'w', description: 'The weather', schema: { type: 'object' } } } });
    expect(described.request.responseFormat).toEqual({ type: 'json_schema', name: 'w', description: 'The weather', schema: { type: 'object' } });
    // none: thinking off, carried as a budget of 0 (a model that thinks by default must be told)
    const off = parse({ model: 'm', input: 'x', reasoning: { effort: 'none' } }).request;
    expect(off.reasoningEffort).toBeUndefined();
    expect(off.thinkingBudgetTokens).toBe(0);
    expect(parse({ model: 'm', input: 'x', reasoning: { effort: 'low' } }).request.thinkingBudgetTokens).toBeUndefined();
    // max, the openai SDK's highest (6.49), is taken, not refused with a 400
    expect(parse({ model: 'm', input: 'x', reasoning: { effort: 'max' } }).request.reasoningEffort).toBe('max');
    // a function tool's strict, when the client says it
    const tools = parse({ model: 'm', input: 'x', tools: [
      { type: 'function', name: 'a', parameters: { type: 'object' }, strict: true },
      { type: 'function', name: 'b', parameters: { type: 'object' }, strict: false },
      { type: 'function', name: 'c', parameters: { type: 'object' } },
    ] }).request.tools;
    expect(tools?.map((t) => t.strict)).toEqual([true, false, undefined]);
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
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo' }, detail: 'low' },
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

  it("gives Codex's gpt-5.5 its freeform apply_patch as a function of one string, whose description carries the grammar", () => {
    const body = responsesFixture('codex-gpt-5.5.request.json');
    const { request: req, dropped } = parse(body);
    const patch = req.tools!.find((t) => t.name === 'apply_patch')!;
    const declared = body.tools.find((t: any) => t.name === 'apply_patch');
    expect(declared.type).toBe('custom');
    expect(patch.parameters).toEqual({ type: 'object', properties: { input: expect.objectContaining({ type: 'string' }) }, required: ['input'], additionalProperties: false });
    expect(patch.description).toContain(declared.description);
    expect(patch.description).toContain(`lark grammar:\n${declared.format.definition}`);
    // its tool_search runs in Codex: a function like the others
    expect(req.tools!.find((t) => t.name === 'tool_search')!.parameters).toEqual(body.tools.find((t: any) => t.type === 'tool_search').parameters);
    expect(dropped).toEqual(expect.arrayContaining(['tools[type=web_search]']));
    expect(dropped).not.toContain('tools[type=custom]');
    expect(dropped).not.toContain('tools[type=tool_search]');
  });

  it("takes the tools of Codex's default model from its additional_tools input item, namespaced and custom", () => {
    const body = responsesFixture('codex-default-model.request.json');
    expect(body.tools).toBeUndefined();
    const { request: req, dropped } = parse(body);
    const names = req.tools!.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['functions__exec', 'functions__wait', 'clock__sleep', 'collaboration__spawn_agent']));
    expect(new Set(names).size).toBe(names.length);
    expect(req.tools!.find((t) => t.name === 'functions__exec')!.parameters).toEqual(expect.objectContaining({ required: ['input'] }));
    // the item itself is no message
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'user']);
    expect(dropped.some((d) => d.startsWith('input[type=additional_tools]'))).toBe(false);
  });

  it('carries a custom tool round trip, a repeated tool once, and a choice of a custom tool', () => {
    const { request: req } = parse({
      model: 'm',
      tools: [{ type: 'custom', name: 'apply_patch', description: 'Edit files.' }, { type: 'function', name: 'ls', parameters: { type: 'object' } }],
      tool_choice: { type: 'custom', name: 'apply_patch' },
      input: [
        { type: 'additional_tools', role: 'developer', tools: [{ type: 'function', name: 'ls', parameters: { type: 'object', properties: { a: {} } } }] },
        { role: 'user', content: 'add a file' },
        { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'Done!' },
      ],
    });
    expect(req.tools!.map((t) => [t.name, t.description])).toEqual([['apply_patch', 'Edit files.\n\nPass the raw text as `input`.'], ['ls', undefined]]);
    expect(req.tools![1]!.parameters).toEqual({ type: 'object' });
    expect(req.toolChoice).toEqual({ name: 'apply_patch' });
    expect(req.messages.slice(1)).toEqual([
      { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'apply_patch', arguments: JSON.stringify({ input: '*** Begin Patch\n*** End Patch\n' }) }] },
      { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'Done!' }] },
    ]);
  });

  it("carries Codex's own tool search: a function, its call and output a round trip, the tools it loaded offered", () => {
    const search = { type: 'tool_search', execution: 'client', description: 'Find tools.', parameters: { type: 'object', properties: { query: { type: 'string' } } } };
    const loaded = { type: 'namespace', name: 'mcp__tickets', description: 'Tickets', tools: [{ type: 'function', name: 'lookup_ticket', parameters: { type: 'object' } }] };
    const { request: req, dropped } = parse({
      model: 'm',
      tools: [{ type: 'function', name: 'ls' }, search, { type: 'tool_search' }],
      input: [
        { role: 'user', content: 'look up ticket 7' },
        { type: 'tool_search_call', call_id: 's1', execution: 'client', status: 'completed', arguments: { query: 'ticket' } },
        { type: 'tool_search_output', call_id: 's1', execution: 'client', status: 'completed', tools: [loaded] },
        { type: 'tool_search_call', call_id: 's2', execution: 'server', arguments: { query: 'x' } },
        { type: 'tool_search_output', call_id: 's2', execution: 'client', tools: [] },
        { type: 'tool_search_call', call_id: null, execution: 'client', arguments: { query: 'y' } },
      ],
    });
    expect(req.tools!.map((t) => t.name)).toEqual(['ls', 'tool_search', 'mcp__tickets__lookup_ticket']);
    expect(req.tools![1]).toEqual({ name: 'tool_search', description: 'Find tools.', parameters: search.parameters });
    expect(req.messages.slice(1)).toEqual([
      { role: 'assistant', content: [], toolCalls: [{ id: 's1', name: 'tool_search', arguments: '{"query":"ticket"}' }] },
      { role: 'tool', toolCallId: 's1', content: [{ type: 'text', text: 'Tools loaded, callable from now on: mcp__tickets__lookup_ticket' }] },
    ]);
    // OpenAI's own search (execution server) runs at OpenAI alone, and its output goes with it; a call
    // without an id has no result to pair with
    expect(dropped.sort()).toEqual(['input[type=tool_search_call]', 'input[type=tool_search_output]', 'tools[type=tool_search]']);
  });

  it('gives other formats only the tools an allowed_tools choice allows, with its mode', () => {
    const tools = [
      { type: 'function', name: 'a', parameters: { type: 'object' } },
      { type: 'function', name: 'b', parameters: { type: 'object' } },
      { type: 'namespace', name: 'crm', tools: [{ type: 'function', name: 'find', parameters: { type: 'object' } }] },
      { type: 'web_search' },
    ];
    const { request, dropped } = parse({ model: 'm', input: 'x', tools, tool_choice: {
      type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b' }, { type: 'function', name: 'find', namespace: 'crm' }, { type: 'web_search' }],
    } });
    expect(request.tools?.map((t) => t.name)).toEqual(['b', 'crm__find']);
    expect(request.toolChoice).toBe('required');
    expect(dropped).toEqual(['tools[type=web_search]']);
    // allowed tools none of which can be given: the tools go (calls in the history need them on Anthropic)
    // with no call allowed; required among them cannot be carried and is named
    const hostedOnly = parse({ model: 'm', input: 'x', tools, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'web_search' }] } });
    expect(hostedOnly.request.tools?.map((t) => t.name)).toEqual(['a', 'b', 'crm__find']);
    expect(hostedOnly.request.toolChoice).toBe('none');
    expect(hostedOnly.dropped.sort()).toEqual(['tool_choice', 'tools[type=web_search]']);
    const autoNone = parse({ model: 'm', input: 'x', tools, tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } });
    expect(autoNone.request.tools?.map((t) => t.name)).toEqual(['a', 'b', 'crm__find']);
    expect(autoNone.request.toolChoice).toBe('none');
    expect(autoNone.dropped).toEqual(['tools[type=web_search]']);
    expect(() => parse({ model: 'm', input: 'x', tools, tool_choice: { type: 'allowed_tools', mode: 'sometimes', tools: [] } })).toThrow(RequestValidationError);
  });

  it('leaves custom tools, their calls and outputs out, named, when the answer has no place for a custom call', () => {
    const { request: req, dropped } = responsesToCanonical({
      model: 'm',
      tools: [{ type: 'custom', name: 'ApplyPatch' }, { type: 'function', name: 'ls' }],
      input: [
        { role: 'user', content: 'edit' },
        { type: 'custom_tool_call', call_id: 'c1', name: 'ApplyPatch', input: 'x' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'ok' },
      ],
      tool_choice: { type: 'custom', name: 'ApplyPatch' },
    }, { freeformTools: false });
    expect(req.tools!.map((t) => t.name)).toEqual(['ls']);
    // a forced choice of the tool left out would be refused upstream
    expect(req.toolChoice).toBeUndefined();
    expect(req.messages.map((m) => m.role)).toEqual(['user']);
    expect(dropped.sort()).toEqual(['input[type=custom_tool_call]', 'input[type=custom_tool_call_output]', 'tool_choice', 'tools[type=custom]']);
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
    ['custom tool without name', { model: 'm', input: 'x', tools: [{ type: 'custom' }] }, 'tools[0].name'],
    ['custom_tool_call without input', { model: 'm', input: [{ type: 'custom_tool_call', call_id: 'c', name: 'f' }] }, 'input[0].input'],
    ['additional_tools without tools', { model: 'm', input: [{ type: 'additional_tools', role: 'developer' }] }, 'input[0].tools'],
    ['an additional tool without name', { model: 'm', input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'function' }] }] }, 'input[0].tools[0].name'],
    ['temperature out of range', { model: 'm', input: 'x', temperature: 3 }, 'temperature'],
    ['unknown reasoning effort', { model: 'm', input: 'x', reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
    ['json_schema without schema', { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'n' } } }, 'text.format.schema'],
    ['metadata not an object', { model: 'm', input: 'x', metadata: 'a' }, 'metadata'],
  ])('refuses a part it must carry but cannot read: %s', (_name, body, param) => {
    let err: unknown;
    try { parse(body); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RequestValidationError);
    expect((err as RequestValidationError).param).toBe(param);
  });
});

describe('a namespace whose flat name OpenAI and Anthropic would refuse (over 64 characters)', () => {
  it('travels under a safe name, in the history too, and its calls come back under the namespace and name declared', () => {
    const ns = 'mcp__customer_relationship_management_server';
    const fn = 'find_customer_by_email_address';
    const body = {
      model: 'gpt-x',
      tools: [{ type: 'namespace', name: ns, tools: [{ type: 'function', name: fn, parameters: { type: 'object' } }] }],
      input: [
        { role: 'user', content: 'find' },
        { type: 'function_call', call_id: 'c1', name: fn, namespace: ns, arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'none' },
      ],
    };
    const { request } = parse(body);
    const flat = request.tools![0]!.name;
    expect(flat).toMatch(/^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/);
    // the function's own name is kept whole, the namespace shortened
    expect(flat.startsWith('mcp__customer_relations')).toBe(true);
    expect(flat.endsWith(`__${fn}`)).toBe(true);
    expect(request.messages[1]).toMatchObject({ toolCalls: [{ id: 'c1', name: flat }] });
    expect(ToolNames.of(body).toClient(flat)).toEqual({ name: fn, namespace: ns });
  });
});

