// The Responses codec's non-streamed response object, and the response it echoes in its first and last
// events, from the request's own bytes when it has them.
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical';
import { REUSE_MIN_BYTES } from '../../forward-body';
import { responsesCodecFor, responsesInbound } from './index';
import { parse, run, tools, usage, type Ev } from '../../../../test/helpers/responses-events';

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
    const changed = new Set(['status', 'output', 'usage', 'incomplete_details', 'service_tier']);
    for (const key of Object.keys(created)) if (!changed.has(key)) expect(completed[key], key).toEqual(created[key]);
    expect(completed.instructions).toBe(request.instructions);
    expect(completed).toEqual(JSON.parse(JSON.stringify(stored)));
  });

  it('echoes max_tool_calls, prompt_cache_key and safety_identifier as OpenAI does (null when not sent), streamed and not', () => {
    const answer = { id: 'm', model: 'claude', text: 'hi', finishReason: 'stop' as const, toolCalls: [] };
    const echoed = (r: Record<string, unknown>) => [r.max_tool_calls, r.prompt_cache_key, r.safety_identifier];
    const request = { max_tool_calls: 3, prompt_cache_key: 'k1', safety_identifier: 'sid' };
    expect(echoed(responsesCodecFor({ id: 'resp_abc', request }).formatResponse(answer, 'fa/claude-fake') as any)).toEqual([3, 'k1', 'sid']);
    expect(echoed(responsesCodecFor({ id: 'resp_abc', request: {} }).formatResponse(answer, 'fa/claude-fake') as any)).toEqual([null, null, null]);
    const events = parse(run([{ type: 'start', id: 'm', model: 'claude' }, { type: 'text-delta', text: 'hi' }, { type: 'finish', finishReason: 'stop' }], request).text);
    expect(echoed(events[0]!.data.response)).toEqual([3, 'k1', 'sid']);
    expect(echoed(events.at(-1)!.data.response)).toEqual([3, 'k1', 'sid']);
  });

  it('says the tier asked for as it starts and the one the provider served at the end, streamed and not (Gemini standard is default)', () => {
    const parts = (serviceTier?: string): StreamPart[] => [
      { type: 'start', id: 'm', model: 'gpt' }, { type: 'text-delta', text: 'hi' },
      { type: 'usage', usage: serviceTier === undefined ? usage : { ...usage, serviceTier } }, { type: 'finish', finishReason: 'stop' },
    ];
    const tiers = (request: Record<string, unknown>, served?: string) => {
      const events = parse(run(parts(served), request).text);
      return [events[0]!.data.response.service_tier, events.at(-1)!.data.response.service_tier];
    };
    expect(tiers({ service_tier: 'flex' }, 'flex')).toEqual(['flex', 'flex']);
    expect(tiers({}, 'standard')).toEqual(['auto', 'default']);
    // a provider that says no tier (Anthropic) served the request at its standard one
    expect(tiers({ service_tier: 'flex' })).toEqual(['flex', 'default']);
    const answer = (serviceTier?: string) => (responsesInbound.formatResponse({
      id: 'c', model: 'm', text: 'hi', toolCalls: [], finishReason: 'stop', usage: serviceTier === undefined ? usage : { ...usage, serviceTier },
    }, 'oa/gpt') as any).service_tier;
    expect([answer('flex'), answer('priority'), answer()]).toEqual(['flex', 'priority', 'default']);
    // a tier name outside OpenAI's (Groq's on_demand and performance, anything else) is one a typed client
    // (async-openai) cannot read: said as default
    for (const served of ['on_demand', 'performance', 'batch', 'weird']) {
      expect(answer(served), served).toBe('default');
      expect(tiers({ service_tier: 'auto' }, served), served).toEqual(['auto', 'default']);
    }
    for (const served of ['auto', 'default', 'flex', 'scale', 'priority']) expect(answer(served), served).toBe(served);
  });

  it('a stream that fails says the tier that served it when the provider said one, else the tier asked for', () => {
    const failed = (request: Record<string, unknown>, serviceTier?: string) => {
      let stored: Record<string, unknown> | undefined;
      const enc = responsesCodecFor({ id: 'resp_abc', request, onResponse: (r) => { stored = r; } })
        .createStreamEncoder({ id: 'sbr_x', servedModel: 'oa/gpt', includeUsage: true, estimatedInputTokens: 5 });
      let text = enc.encode({ type: 'start', id: 'm', model: 'gpt' }) + enc.encode({ type: 'text-delta', text: 'hi' });
      if (serviceTier !== undefined) text += enc.encode({ type: 'usage', usage: { ...usage, serviceTier } });
      const events = parse(text + enc.fail!(502, 'api_error', 'gone'));
      expect(events.at(-1)!.event).toBe('response.failed');
      return [events.at(-1)!.data.response.service_tier, stored?.service_tier];
    };
    expect(failed({ service_tier: 'flex' }, 'default')).toEqual(['default', 'default']);
    expect(failed({}, 'flex')).toEqual(['flex', 'flex']);
    expect(failed({ service_tier: 'flex' }, 'on_demand')).toEqual(['default', 'default']);
    // no word from the provider yet: the tier asked for, as response.created said it
    expect(failed({ service_tier: 'flex' })).toEqual(['flex', 'flex']);
    expect(failed({})).toEqual(['auto', 'auto']);
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
