// What a forwarded Responses stream has streamed its client so far: the output items added and done, kept as their
// events' text and read only if the stream fails. A stream that breaks off, or that Switchboard ends with an error of
// its own, is then kept as failed with them (index.ts), as a translated one is (stream-encoder.ts fail): an item
// done as it was done, one still streaming as it was added, incomplete.
import type { SseEvent } from '../../canonical';
import { isJsonObject, jsonObjectOf } from '../../json-object';

const TYPE = /^\{\s*"type"\s*:\s*"(response\.[a-z_.]+)"/;
const ADDED = 'response.output_item.added';
const DONE = 'response.output_item.done';
const CREATED = 'response.created';
const FINISHED = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class ForwardedOutput {
  /** the data of each output_item.added and .done event, in order */
  private readonly items: { done: boolean; data: string }[] = [];
  /** the stream's own end came (response.completed, .incomplete or .failed): the provider's response is the one kept */
  ended = false;

  note(e: SseEvent): void {
    const type = e.event ?? TYPE.exec(e.data)?.[1];
    // a stream's first event: one tried before it (failed over before its answer began) is not this one
    if (type === CREATED) {
      this.items.length = 0;
      this.ended = false;
    } else if (type === ADDED || type === DONE) this.items.push({ done: type === DONE, data: e.data });
    else if (type !== undefined && FINISHED.has(type)) this.ended = true;
  }

  /** the output items streamed so far, by output_index */
  output(): unknown[] {
    const byIndex = new Map<number, unknown>();
    for (const { done, data } of this.items) {
      const event = jsonObjectOf(data);
      if (!event || !isJsonObject(event.item)) continue;
      const index = typeof event.output_index === 'number' ? event.output_index : byIndex.size;
      if (done) byIndex.set(index, event.item);
      else if (!byIndex.has(index)) byIndex.set(index, { ...event.item, status: 'incomplete' });
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }
}
