// OpenAI's encrypted reasoning is readable only by the organization (key) whose model wrote it. A Codex session that
// moves to another Responses provider (a fallback, an alias changed between turns) replays every item it was given,
// and that provider refuses the whole request: 400 "The encrypted content for item rs_... could not be verified"
// (code invalid_encrypted_content). A 400 does not fall back, and every later turn replays the same items, so the
// session would fail until the alias went back; the try is sent again once without those items. A key also refuses
// its own now and then (openai/codex #8119, #8126: same-key sessions refused every turn): the retry then leaves out
// all of it. The item a refusal names is remembered as refused by that provider and key (reasoning-makers.ts), and
// left out before the next turn's try, also when the retry is refused in turn. Codex's encrypted compaction items
// (cmp_...) are refused in the same words: leaving out reasoning would not help there, and no retry is made.
import { UpstreamFailure } from '../../core/canonical';
import { isEncryptedReasoningItem } from '../../core/responses-items';

/** OpenAI's wording ("The encrypted content for item rs_... could not be verified", "The encrypted content gAAA...== could not be verified. Reason: ..."). */
const UNVERIFIED = /\bencrypted content\b.{0,300}?\bcould not be verified\b/is;

export function refusesEncryptedReasoning(err: unknown): boolean {
  if (!(err instanceof UpstreamFailure) || err.error.status !== 400) return false;
  return err.error.code === 'invalid_encrypted_content' || UNVERIFIED.test(err.error.message);
}

/** What is named left out of a forwarded body whose encrypted reasoning was refused (or was another key's). */
export const ENCRYPTED_REASONING = 'input[type=reasoning].encrypted_content';

/**
 * The Responses body without its reasoning items that carry encrypted reasoning (`keep`: one that still goes), or
 * undefined when there are none. An item goes whole, whatever `store` says: without its encrypted part it would be
 * looked up by id, and the organization that cannot verify the part does not hold the item either (404 "Item with
 * id 'rs_...' not found"); with store false nobody does.
 */
export function withoutEncryptedReasoning(body: Record<string, unknown>, keep: (item: Record<string, unknown>) => boolean = () => false): Record<string, unknown> | undefined {
  const input = body.input;
  if (!Array.isArray(input)) return undefined;
  const goes = (item: unknown): boolean => !isEncryptedReasoningItem(item) || keep(item);
  return input.every(goes) ? undefined : { ...body, input: input.filter(goes) };
}

/** The item a refusal names ("The encrypted content for item rs_... could not be verified."), if it names one. */
const NAMED = /\bfor item\s+['"`]?([\w-]+)/i;

/** What the retry knows of the body's items (reasoning-makers.ts): its key's own; and one its key refused, noted. */
export interface OwnReasoning {
  mine(item: Record<string, unknown>): boolean;
  refused(item: Record<string, unknown>): void;
}

/** The reasoning item of the body a refusal of encrypted reasoning names (none: not such a refusal, or naming none). */
function refusedItem(err: unknown, body: Record<string, unknown>): { id?: string; item?: Record<string, unknown> } | undefined {
  if (!refusesEncryptedReasoning(err)) return undefined;
  const id = NAMED.exec((err as UpstreamFailure).error.message)?.[1];
  if (id === undefined) return {};
  const input = Array.isArray(body.input) ? body.input : [];
  const item = input.find((it): it is Record<string, unknown> => isEncryptedReasoningItem(it) && it.id === id);
  return item ? { id, item } : { id };
}

/**
 * The body to send once more after `err`, or undefined: not a refusal of encrypted reasoning, one naming an item that
 * is not a reasoning item of the body (a compaction item), or nothing to leave out. The items known to be the key's
 * own are kept, unless the refused one is among them: then all encrypted reasoning is left out; a refusal naming no
 * item leaves out all of it when keeping the key's own would leave out nothing. Every item the retry leaves out is
 * noted as refused (left out before the next try to this provider and key): a refusal names one item at most, and a
 * conversation moved from another organization holds one of its items a turn, each of which would cost a refused
 * try of its own; of the key's own, only the one refused.
 */
export function withoutRefusedReasoning(err: unknown, body: Record<string, unknown>, own?: OwnReasoning): Record<string, unknown> | undefined {
  const named = refusedItem(err, body);
  if (named === undefined) return undefined;
  let retry: Record<string, unknown> | undefined;
  let ownRefused = false;
  if (named.id === undefined) retry = withoutEncryptedReasoning(body, own?.mine) ?? withoutEncryptedReasoning(body);
  else {
    const refused = named.item;
    if (!refused) return undefined;
    ownRefused = own?.mine(refused) === true;
    if (ownRefused) own?.refused(refused);
    retry = ownRefused ? withoutEncryptedReasoning(body) : withoutEncryptedReasoning(body, own?.mine);
  }
  if (retry !== undefined && own !== undefined) noteLeftOut(body, retry, own, ownRefused);
  return retry;
}

/** Notes as refused each encrypted reasoning item `retry` leaves out of `body` (`ownRefused`: not the key's own, but the one refused, noted already). */
function noteLeftOut(body: Record<string, unknown>, retry: Record<string, unknown>, own: OwnReasoning, ownRefused: boolean): void {
  const kept = new Set(retry.input as unknown[]);
  for (const item of body.input as unknown[]) {
    if (!kept.has(item) && isEncryptedReasoningItem(item) && !(ownRefused && own.mine(item))) own.refused(item);
  }
}

/**
 * The retry refused in turn (the key's own item unreadable too, openai/codex #8119): the item it names is noted as
 * refused, so that the next turn's try leaves it out; this turn's refusal goes to the client.
 */
export function noteRefusedAgain(err: unknown, body: Record<string, unknown>, own: OwnReasoning): void {
  const refused = refusedItem(err, body)?.item;
  if (refused) own.refused(refused);
}
