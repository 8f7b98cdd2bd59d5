// The answers of the fake OpenAI Responses API in its documented shapes: the response object and the
// typed SSE events (numbered by sequence_number) that stream it.
import { randomBytes } from 'node:crypto';
import { argumentFragments, splitText } from './fake-pieces';
import { chooseToolCall, type ToolTurn } from './fake-tool-call';
import type { FakeProviderOptions, FakeUsage } from './types';
import { inputItems, type FakeResponsesState } from './fake-responses-validate';
import { servedTier } from './fake-openai-wire';
import { fakeSearch } from './fake-responses-search';

export const DEFAULT_RESPONSES_TEXT = 'Hello from the fake openai responses provider!';

export type ResponsesAnswer =
  | { kind: 'text'; text: string }
  /** a model's refusal: a message whose one part is `{type: "refusal", refusal}` */
  | { kind: 'refusal'; text: string }
  | { kind: 'tool'; name: string; namespace?: string; args: string };

/** What the tool rule reads from a Responses request (its own input; a stored conversation it continues is not read). */
function toolTurn(body: any): ToolTurn {
  const items = inputItems(body);
  const tools: any[] = Array.isArray(body.tools) ? body.tools : [];
  const last = items.findLast((it) => (it?.type ?? 'message') === 'message' && it.role === 'user');
  const content = last?.content;
  return {
    offered: tools.filter((t) => t?.type === 'function').map((t) => String(t.name)),
    results: items.filter((it) => it?.type === 'function_call_output').length,
    lastUserText: typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: any) => (p?.type === 'input_text' ? p.text : '')).join(' ') : '',
  };
}

/** The tool call the shared rule picks (see ./fake-tool-call), else the text. */
export function chooseResponsesAnswer(body: any, options: FakeProviderOptions): ResponsesAnswer {
  const call = chooseToolCall(toolTurn(body), options);
  if (call) return { kind: 'tool', ...call };
  if (options.refusal !== undefined) return { kind: 'refusal', text: options.refusal };
  return { kind: 'text', text: options.text ?? DEFAULT_RESPONSES_TEXT };
}

export function responsesUsage(u: FakeUsage): Record<string, unknown> {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached ?? 0, ...(u.audio === undefined ? {} : { audio_tokens: u.audio }) },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning ?? 0, ...(u.audioOutput === undefined ? {} : { audio_tokens: u.audioOutput }) },
    total_tokens: u.input + u.output,
  };
}

export interface Plan {
  id: string;
  /** the output items as they end */
  output: any[];
  /** the response object, status completed */
  response: any;
}

/** One answer's items: reasoning when asked for (its summary, its encrypted part), then the message or the call. */
export function planResponse(body: any, answer: ResponsesAnswer, usage: FakeUsage | null, state: FakeResponsesState, seq: number, options: FakeProviderOptions = {}): Plan {
  const tag = `${seq.toString(16).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
  const output: any[] = [];
  const wantsEncrypted = Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content');
  const summary = body.reasoning?.summary;
  if (wantsEncrypted || (typeof summary === 'string' && summary !== 'none')) {
    const ciphertext = wantsEncrypted ? `gAAAAAfake-${tag}` : null;
    if (ciphertext) state.ciphertexts.add(ciphertext);
    state.reasoningIds.add(`rs_${tag}`);
    output.push({ id: `rs_${tag}`, type: 'reasoning', summary: summary ? [{ type: 'summary_text', text: '**Thinking** it over' }] : [], encrypted_content: ciphertext });
  }
  const search = fakeSearch(body, usage, options, tag);
  output.push(...search.calls);
  if (answer.kind === 'text') {
    output.push({ id: `msg_${tag}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: search.annotations(answer.text), logprobs: [], text: answer.text }] });
  } else if (answer.kind === 'refusal') {
    output.push({ id: `msg_${tag}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'refusal', refusal: answer.text }] });
  } else {
    const call: any = { id: `fc_${tag}`, type: 'function_call', status: 'completed', arguments: answer.args, call_id: `call_${tag}`, name: answer.name };
    if (answer.namespace) call.namespace = answer.namespace;
    output.push(call);
  }
  const id = `resp_${tag}`;
  const response = {
    id, object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'completed', background: false, error: null,
    incomplete_details: null, instructions: body.instructions ?? null, max_output_tokens: body.max_output_tokens ?? null, model: body.model,
    output, parallel_tool_calls: body.parallel_tool_calls ?? true, previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null }, store: body.store ?? true,
    temperature: body.temperature ?? 1, text: body.text ?? { format: { type: 'text' } }, tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [], top_p: body.top_p ?? 1, truncation: body.truncation ?? 'disabled', usage: usage ? responsesUsage(usage) : null,
    user: body.user ?? null, metadata: body.metadata ?? {}, service_tier: servedTier(body),
  };
  return { id, output, response };
}

/** The typed events of a streamed answer, each framed `event: <type>\ndata: {...}\n\n`; `content` are those faults count. */
export function planEvents(plan: Plan, chunks: number): { head: string[]; content: string[]; tail: string[] } {
  let seq = 0;
  const ev = (type: string, fields: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`;
  const shell = { ...plan.response, status: 'in_progress', output: [], usage: null };
  const head = [ev('response.created', { response: shell }), ev('response.in_progress', { response: shell })];
  const content: string[] = [];
  plan.output.forEach((item, index) => {
    const at = { item_id: item.id, output_index: index };
    if (item.type === 'reasoning') {
      content.push(ev('response.output_item.added', { output_index: index, item: { ...item, summary: [], encrypted_content: null } }));
      for (const [i, part] of item.summary.entries()) {
        content.push(ev('response.reasoning_summary_part.added', { ...at, summary_index: i, part: { type: 'summary_text', text: '' } }));
        content.push(ev('response.reasoning_summary_text.delta', { ...at, summary_index: i, delta: part.text, obfuscation: 'x' }));
        content.push(ev('response.reasoning_summary_text.done', { ...at, summary_index: i, text: part.text }));
        content.push(ev('response.reasoning_summary_part.done', { ...at, summary_index: i, part }));
      }
    } else if (item.type === 'message' && item.content[0].type === 'refusal') {
      const refusal: string = item.content[0].refusal;
      content.push(ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } }));
      content.push(ev('response.content_part.added', { ...at, content_index: 0, part: { type: 'refusal', refusal: '' } }));
      for (const delta of splitText(refusal, chunks)) content.push(ev('response.refusal.delta', { ...at, content_index: 0, delta }));
      content.push(ev('response.refusal.done', { ...at, content_index: 0, refusal }));
      content.push(ev('response.content_part.done', { ...at, content_index: 0, part: item.content[0] }));
    } else if (item.type === 'message') {
      const text: string = item.content[0].text;
      content.push(ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } }));
      content.push(ev('response.content_part.added', { ...at, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } }));
      for (const delta of text === '' ? [] : splitText(text, chunks)) {
        content.push(ev('response.output_text.delta', { ...at, content_index: 0, delta, logprobs: [], obfuscation: 'x' }));
      }
      for (const [i, annotation] of (item.content[0].annotations as unknown[]).entries()) {
        content.push(ev('response.output_text.annotation.added', { ...at, content_index: 0, annotation_index: i, annotation }));
      }
      content.push(ev('response.output_text.done', { ...at, content_index: 0, text, logprobs: [] }));
      content.push(ev('response.content_part.done', { ...at, content_index: 0, part: item.content[0] }));
    } else if (item.type === 'web_search_call' || item.type === 'file_search_call') {
      content.push(ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress' } }));
      content.push(ev(`response.${item.type}.in_progress`, at));
      content.push(ev(`response.${item.type}.searching`, at));
      content.push(ev(`response.${item.type}.completed`, at));
    } else {
      content.push(ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } }));
      const a = item.arguments as string;
      for (const piece of argumentFragments(a)) {
        content.push(ev('response.function_call_arguments.delta', { ...at, delta: piece, obfuscation: 'x' }));
      }
      content.push(ev('response.function_call_arguments.done', { ...at, arguments: a }));
    }
    content.push(ev('response.output_item.done', { output_index: index, item }));
  });
  return { head, content, tail: [ev('response.completed', { response: plan.response })] };
}
