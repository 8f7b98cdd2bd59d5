// GET /v1/responses/{id}?stream=true (OpenAI's way to resume a stream; the SDKs' retrieve(id, {stream:
// true}) and responses.stream({response_id})): a response kept here, replayed as the typed events that
// build it, in the order the SDK's accumulator reads them: response.created and .in_progress (no output
// yet), each output item added, its text (or arguments) in one delta, done, and last the whole response.
// `starting_after` counts in this replay: the events up to that sequence_number are left out.
import { isJsonObject } from '../../json-object';

type Json = Record<string, unknown>;

/** The event that ends a replay, by the response's status (there is no event for a cancelled one: failed). */
function finalType(status: unknown): string {
  if (status === 'completed') return 'response.completed';
  if (status === 'incomplete') return 'response.incomplete';
  return 'response.failed';
}

/** A message's content parts: added empty, their text in one delta, done whole. */
function messageEvents(item: Json, where: Json, push: (type: string, fields: Json) => void): void {
  const content = Array.isArray(item.content) ? item.content : [];
  content.forEach((part: unknown, content_index) => {
    if (!isJsonObject(part)) return;
    const at = { ...where, content_index };
    if (part.type === 'output_text') {
      const text = typeof part.text === 'string' ? part.text : '';
      push('response.content_part.added', { ...at, part: { ...part, text: '', annotations: [] } });
      if (text !== '') push('response.output_text.delta', { ...at, delta: text, logprobs: [] });
      const annotations = Array.isArray(part.annotations) ? part.annotations : [];
      annotations.forEach((annotation, annotation_index) => push('response.output_text.annotation.added', { ...at, annotation_index, annotation }));
      push('response.output_text.done', { ...at, text, logprobs: [] });
    } else if (part.type === 'refusal') {
      const refusal = typeof part.refusal === 'string' ? part.refusal : '';
      push('response.content_part.added', { ...at, part: { ...part, refusal: '' } });
      if (refusal !== '') push('response.refusal.delta', { ...at, delta: refusal });
      push('response.refusal.done', { ...at, refusal });
    } else {
      push('response.content_part.added', { ...at, part });
    }
    push('response.content_part.done', { ...at, part });
  });
}

/** One output item's events; an item of another type is added whole and done. */
function itemEvents(item: unknown, output_index: number, push: (type: string, fields: Json) => void): void {
  if (!isJsonObject(item)) return;
  const where = { item_id: item.id, output_index };
  const running = 'status' in item ? { status: 'in_progress' } : {};
  if (item.type === 'message') {
    push('response.output_item.added', { output_index, item: { ...item, ...running, content: [] } });
    messageEvents(item, where, push);
  } else if (item.type === 'function_call') {
    const args = typeof item.arguments === 'string' ? item.arguments : '';
    push('response.output_item.added', { output_index, item: { ...item, ...running, arguments: '' } });
    if (args !== '') push('response.function_call_arguments.delta', { ...where, delta: args });
    push('response.function_call_arguments.done', { ...where, name: item.name, arguments: args });
  } else {
    push('response.output_item.added', { output_index, item });
  }
  push('response.output_item.done', { output_index, item });
}

/** The SSE text replaying an ended response; events numbered from 0, those up to `startingAfter` left out. */
export function replayResponseEvents(response: Json, startingAfter?: number): string {
  let seq = 0;
  let out = '';
  const push = (type: string, fields: Json): void => {
    const sequence_number = seq++;
    if (startingAfter !== undefined && sequence_number <= startingAfter) return;
    out += `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number, ...fields })}\n\n`;
  };
  const output = Array.isArray(response.output) ? response.output : [];
  const begun = { ...response, status: 'in_progress', output: [], usage: null, error: null, incomplete_details: null };
  push('response.created', { response: begun });
  push('response.in_progress', { response: begun });
  output.forEach((item, index) => itemEvents(item, index, push));
  push(finalType(response.status), { response });
  return out;
}
