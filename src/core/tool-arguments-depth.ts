// Tool-call arguments are JSON text inside a request or an answer, which the request body guard (64 levels,
// node/proxy/body-guard.ts) never looks into: nested thousands deep, JSON.stringify overflows the stack while a
// request or an answer is rebuilt for another API. They are held to the body's bound where they are parsed or
// written for translation: a request's, the client's fault (400); a provider's answer, a failed try (failover).
import { UpstreamFailure } from './canonical';

/** The deepest objects and arrays may nest in a request body, and in a tool call's arguments. */
export const MAX_JSON_DEPTH = 64;

/** Whether the JSON text nests objects and arrays more than `max` deep (strings skipped): one pass over the text, no parse. */
export function nestedDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const tooDeep = (name: string): string => `tool call '${name}' has arguments nested deeper than ${MAX_JSON_DEPTH} levels`;

/** A request's tool call whose arguments nest too deep: the client's fault, a 400 in its API's shape (no failover). */
export function assertRequestArguments(name: string, args: string): void {
  if (nestedDeeperThan(args)) throw new UpstreamFailure({ kind: 'bad_request', message: tooDeep(name) });
}

/** A provider's tool call input as arguments text; nested too deep (or past what JSON.stringify can), the try fails and another model may answer. */
export function answerArguments(name: string, input: unknown): string {
  const failed = (): UpstreamFailure => new UpstreamFailure({ kind: 'invalid_output', message: `the provider's answer: ${tooDeep(name)}` });
  let text: string;
  try {
    text = JSON.stringify(input ?? {});
  } catch (err) {
    if (err instanceof RangeError) throw failed();
    throw err;
  }
  if (nestedDeeperThan(text)) throw failed();
  return text;
}
