// streamGenerateContent without `?alt=sse` answers one JSON array, its elements written as they
// come: `[{...}\n,\r\n{...}\n]`. The relay writes SSE; this turns each event into an element.
import type { StreamFraming } from '../../canonical';
import { createSseParser } from '../../sse';

export function createJsonArrayFraming(): StreamFraming {
  // what it reads is the relay's own writing, each event already held to the upstream's limits by the
  // relay's parser: limits of its own would cut an answer the relay let through (a 10 MB image event)
  const parser = createSseParser({ maxEventChars: Infinity, maxStreamChars: Infinity });
  let opened = false;
  let closed = false;
  return {
    contentType: 'application/json; charset=UTF-8',
    frame(sse: string): string {
      let out = '';
      for (const event of parser.push(sse)) {
        out += (opened ? '\n,\r\n' : '[') + event.data;
        opened = true;
      }
      return out;
    },
    close(): string {
      if (closed) return '';
      closed = true;
      return opened ? '\n]' : '[]';
    },
  };
}
