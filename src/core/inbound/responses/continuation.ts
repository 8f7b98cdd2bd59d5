// `previous_response_id` served by the proxy: the conversation so far (the stored input items and the
// answer's output items) goes in front of the new input, so whichever provider answers next sees the
// whole conversation. The instructions of earlier turns are not carried over, as OpenAI documents.
import { hasEncryptedReasoning } from '../../responses-items';
import { isJsonObject } from '../../json-object';

export interface PriorResponse {
  inputItems: readonly unknown[];
  output: unknown;
  /** served by a Responses upstream: its output items go back to one as they are */
  native: boolean;
}

/** A request's `input` as an item list (a string is one user message). */
export function inputItemsOf(body: Record<string, unknown>): unknown[] {
  const input = body.input;
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return Array.isArray(input) ? input : [];
}

/**
 * Items the proxy made from another format's answer carry ids OpenAI never issued, and reasoning
 * without the encrypted part a Responses upstream would need: ids go, such reasoning goes.
 */
export function asInput(item: unknown): unknown[] {
  if (!isJsonObject(item)) return [];
  if (item.type === 'reasoning') return hasEncryptedReasoning(item) ? [item] : [];
  const { id: _id, status: _status, ...rest } = item;
  return [rest];
}

export function continueFrom(prior: PriorResponse, body: Record<string, unknown>): Record<string, unknown> {
  const output = Array.isArray(prior.output) ? prior.output : [];
  const { previous_response_id: _prev, ...rest } = body;
  return { ...rest, input: [...prior.inputItems, ...(prior.native ? output : output.flatMap(asInput)), ...inputItemsOf(body)] };
}

function isReasoning(item: unknown): boolean {
  return isJsonObject(item) && item.type === 'reasoning';
}

/**
 * The conversation so far for a Responses provider other than the one that served it: its answer's
 * items as for another format's (ids go), and no reasoning of the turns before, from its answer or
 * the earlier turns' items: one held by id that provider would answer 404 for ("Item with id 'rs_...'
 * not found"), and an encrypted one only the organization (key) that made it can read: another answers
 * 400 ("The encrypted content for item rs_... could not be verified"). The client's new input stays as
 * sent. `droppedReasoning`: some was left out.
 */
export function continueElsewhere(prior: PriorResponse, body: Record<string, unknown>): { body: Record<string, unknown>; droppedReasoning: boolean } {
  const output = Array.isArray(prior.output) ? prior.output : [];
  const earlier = prior.inputItems.filter((item) => !isReasoning(item));
  const droppedReasoning = earlier.length < prior.inputItems.length || output.some(isReasoning);
  const answer = output.filter((item) => !isReasoning(item)).flatMap(asInput);
  const { previous_response_id: _prev, ...rest } = body;
  return { body: { ...rest, input: [...earlier, ...answer, ...inputItemsOf(body)] }, droppedReasoning };
}

/** A user's message: where a turn of the conversation begins. */
function beginsTurn(item: unknown): boolean {
  return isJsonObject(item) && (item.type === undefined || item.type === 'message') && item.role === 'user';
}

/** A system or developer message: instructions, never left out by truncation. */
function isInstruction(item: unknown): boolean {
  return isJsonObject(item) && (item.type === undefined || item.type === 'message') && (item.role === 'system' || item.role === 'developer');
}

/**
 * Where truncation 'auto' may cut the stored conversation, oldest first: each is how many of its input items go,
 * at the start of a turn (a user's message); the last may be all of them and the answer too, when the new input
 * begins a turn of its own. A cut is kept only where it splits no call from its output, nor an MCP approval request
 * from its response (pairedAcross), and leaves no reasoning item without the item after it.
 */
export function turnCuts(prior: PriorResponse, body: Record<string, unknown>): number[] {
  const starts: number[] = [];
  // a cut that would leave out only instructions (which stay) leaves out nothing
  let before = false;
  prior.inputItems.forEach((item, i) => {
    if (before && beginsTurn(item)) starts.push(i);
    before ||= !isInstruction(item);
  });
  const input = inputItemsOf(body);
  const output = Array.isArray(prior.output) ? prior.output : [];
  if (input.length > 0 && beginsTurn(input[0]) && (before || output.length > 0)) starts.push(prior.inputItems.length);
  // the conversation as it would be sent whole: a cut of all the input items takes the answer with them
  const sequence = [...prior.inputItems, ...output, ...input];
  const across = pairedAcross(sequence);
  const at = (cut: number) => (cut >= prior.inputItems.length ? prior.inputItems.length + output.length : cut);
  return starts.filter((cut) => !across[at(cut)] && !isReasoning(lastGoing(sequence, at(cut))));
}

/**
 * What ties an item to its partner, and which side it is: a call and its output by `call_id` (function_call and
 * function_call_output, custom_tool_call and its output, a client's tool_search_call and tool_search_output, and any
 * other pair OpenAI ties by `call_id`, the output's type ending in `_output`), an MCP approval request and its
 * response by the request's `id` and the response's `approval_request_id`. Undefined: an item of no pair.
 */
function pairKeyOf(item: unknown): { key: string; closes: boolean } | undefined {
  if (!isJsonObject(item)) return undefined;
  if (item.type === 'mcp_approval_request' && typeof item.id === 'string') return { key: `a:${item.id}`, closes: false };
  if (item.type === 'mcp_approval_response' && typeof item.approval_request_id === 'string') return { key: `a:${item.approval_request_id}`, closes: true };
  if (typeof item.call_id !== 'string') return undefined;
  return { key: `c:${item.call_id}`, closes: typeof item.type === 'string' && item.type.endsWith('_output') };
}

/**
 * For each position p of `sequence` (0..length), whether a cut there (the items before p going) would part a
 * call from its output (or an MCP approval request from its response): each output closes a span opened by the
 * nearest call before it with the same id, so a client that uses `call_0` again every turn pairs turn by turn; a cut
 * inside a span parts it. One pass.
 */
function pairedAcross(sequence: readonly unknown[]): boolean[] {
  const opened = new Map<string, number>();
  // open[p]: the spans that begin before p and end at p or later
  const delta = new Array<number>(sequence.length + 2).fill(0);
  sequence.forEach((item, i) => {
    const pair = pairKeyOf(item);
    if (pair === undefined) return;
    if (!pair.closes) {
      opened.set(pair.key, i);
      return;
    }
    const from = opened.get(pair.key);
    if (from === undefined) return;
    delta[from + 1]! += 1;
    delta[i + 1]! -= 1;
  });
  const across: boolean[] = [];
  let open = 0;
  for (let p = 0; p <= sequence.length; p++) {
    open += delta[p]!;
    across.push(open > 0);
  }
  return across;
}

/** The last item a cut at `p` of `sequence` leaves out, instructions aside (they stay); undefined: none. */
function lastGoing(sequence: readonly unknown[], p: number): unknown {
  for (let i = p - 1; i >= 0; i--) if (!isInstruction(sequence[i])) return sequence[i];
  return undefined;
}

/**
 * The stored conversation without its items before `cut` (one of turnCuts'): its instructions stay, and the
 * answer goes only with all of its items. `leftOut`: the items that went.
 */
export function withoutOldestTurns(prior: PriorResponse, cut: number): { prior: PriorResponse; leftOut: number } {
  const all = cut >= prior.inputItems.length;
  const gone = prior.inputItems.slice(0, cut);
  const instructions = gone.filter(isInstruction);
  const output = Array.isArray(prior.output) ? prior.output : [];
  const leftOut = gone.length - instructions.length + (all ? output.length : 0);
  return { prior: { ...prior, inputItems: [...instructions, ...prior.inputItems.slice(cut)], output: all ? [] : prior.output }, leftOut };
}
