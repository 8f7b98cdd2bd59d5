// The Responses stream encoder: the typed, numbered event sequence the OpenAI SDK accumulates, refusals,
// thinking as reasoning items, and failures mid-stream. Tool calls: stream-encoder-calls.test.ts; the
// non-streamed response object and the request echoed: format-response.test.ts.
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical';
import { responsesCodecFor, responsesInbound } from './index';
import { messageItem, messageItemJson, outputText, outputTextJson } from './response-object';
import { accumulate, parse, run, tools, usage } from '../../../../test/helpers/responses-events';

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
