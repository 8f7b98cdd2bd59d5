// Shared by this folder's tests: replay a `.chunks.txt` fixture through a decoder.
import type { SseEvent, StreamDecoder, StreamPart } from '../../canonical';

/** One `data: {...}` line per SSE event, as the fixtures store them. */
export function sseEventsFromFixture(text: string): SseEvent[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => ({ data: line.slice('data:'.length).trim() }));
}

export function decodeAll(decoder: StreamDecoder, events: SseEvent[]): StreamPart[] {
  return [...events.flatMap((e) => decoder.push(e)), ...decoder.end()];
}
