// OpenAI's encrypted reasoning is readable only by the organization (key) whose model wrote it. A Codex session that
// moves to another Responses provider (a fallback, an alias changed between turns) replays every item it was given,
// and that provider refuses the whole request: 400 "The encrypted content for item rs_... could not be verified"
// (code invalid_encrypted_content). A 400 does not fall back, and every later turn replays the same items, so the
// session would fail until the alias went back; the try is sent again once without those items. A key also refuses
// its own now and then (openai/codex #8119, #8126: same-key sessions refused every turn): the retry then leaves out
// all of it. Codex's encrypted compaction items (cmp_...) are refused in the same words: leaving out reasoning would
// not help there, and no retry is made.
import { UpstreamFailure } from '../../core/canonical';
import { hasEncryptedReasoning } from '../../core/responses-items';

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
  const goes = (item: unknown): boolean => {
    if (typeof item !== 'object' || item === null) return true;
    const it = item as Record<string, unknown>;
    return it.type !== 'reasoning' || !hasEncryptedReasoning(it) || keep(it);
  };
  return input.every(goes) ? undefined : { ...body, input: input.filter(goes) };
}

/** The item a refusal names ("The encrypted content for item rs_... could not be verified."), if it names one. */
const NAMED = /\bfor item\s+['"`]?([\w-]+)/i;

/** What the retry knows of the body's items (reasoning-makers.ts): its key's own, and one its own key refused. */
export interface OwnReasoning {
  mine(item: Record<string, unknown>): boolean;
  unreadable(item: Record<string, unknown>): void;
}

/**
 * The body to send once more after `err`, or undefined: not a refusal of encrypted reasoning, one naming an item that
 * is not a reasoning item of the body (a compaction item), or nothing to leave out. The items known to be the key's
 * own are kept, unless the refused one is among them: then it is marked unreadable and all encrypted reasoning is left
 * out; a refusal naming no item leaves out all of it when keeping the key's own would leave out nothing.
 */
export function withoutRefusedReasoning(err: unknown, body: Record<string, unknown>, own?: OwnReasoning): Record<string, unknown> | undefined {
  if (!refusesEncryptedReasoning(err)) return undefined;
  const id = NAMED.exec((err as UpstreamFailure).error.message)?.[1];
  if (id === undefined) return withoutEncryptedReasoning(body, own?.mine) ?? withoutEncryptedReasoning(body);
  const input = Array.isArray(body.input) ? body.input : [];
  const refused = input.find((it): it is Record<string, unknown> => typeof it === 'object' && it !== null && it.type === 'reasoning' && it.id === id && hasEncryptedReasoning(it));
  if (!refused) return undefined;
  if (own?.mine(refused)) {
    own.unreadable(refused);
    return withoutEncryptedReasoning(body);
  }
  return withoutEncryptedReasoning(body, own?.mine);
}
