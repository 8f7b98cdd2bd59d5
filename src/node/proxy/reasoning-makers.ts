// Who made each encrypted reasoning item Switchboard relayed from a Responses upstream: the provider, and the key by
// a digest (never the key). OpenAI reads encrypted reasoning back only for the organization whose key made it, and
// Codex replays every item it was given. A turn sent to another provider with another key leaves out the items known
// to be that provider's, instead of paying a refused round trip first (reasoning-refused.ts) on every turn, and the
// backstop retry keeps the items known to be its own. Another key on the same provider (a rotated key, a profile's own
// key) or the same key on another provider entry may well be the same organization: its items go as sent, and a
// refusal's retry covers them. An item a provider and key refused that was not known to be its own (another key's
// on the same entry, whose organization changed; or unknown after a restart) is remembered as refused by that one,
// and left out before its next try. In memory and bounded, as thought signatures are: unknown items (after a
// restart, or forgotten) go as sent, and the backstop covers them.
import { createHash } from 'node:crypto';
import { isEncryptedReasoningItem } from '../../core/responses-items';

/**
 * Most items remembered, in each of the two maps (makers, and refusals by provider and key), least recently used
 * first out. A maker entry is its key (the profile and OpenAI's item id, some 60 characters) and a maker string
 * shared by every item of that provider and key; a refusal's key also holds the maker: some 10 MB for both at most.
 */
const MAX_ENTRIES = 32768;
/** OpenAI's ids are some 50 characters; longer ones are not remembered */
const MAX_ID_CHARS = 256;

export class ReasoningMakers {
  private readonly made = new Map<string, string>();
  /** the profile's item and a maker that refused it, though it was not known to be that maker's own */
  private readonly refusals = new Map<string, true>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  note(profileId: string, itemId: string, maker: string): void {
    if (itemId === '' || itemId.length > MAX_ID_CHARS) return;
    this.put(this.made, keyOf(profileId, itemId), maker);
  }

  /** `maker` refused the item: left out before its tries from now on */
  noteRefused(profileId: string, itemId: string, maker: string): void {
    if (itemId === '' || itemId.length > MAX_ID_CHARS) return;
    this.put(this.refusals, `${keyOf(profileId, itemId)}\u0000${maker}`, true);
  }

  /** `maker` refused the item the profile was given with this id */
  refused(profileId: string, itemId: string, maker: string): boolean {
    const key = `${keyOf(profileId, itemId)}\u0000${maker}`;
    if (!this.refusals.delete(key)) return false;
    // replayed again: the latest
    this.refusals.set(key, true);
    return true;
  }

  private put<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    while (map.size > this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }

  /** the maker of the item the profile was given with this id; undefined: not known */
  makerOf(profileId: string, itemId: string): string | undefined {
    const key = keyOf(profileId, itemId);
    const maker = this.made.get(key);
    if (maker !== undefined) {
      // replayed again: the latest
      this.made.delete(key);
      this.made.set(key, maker);
    }
    return maker;
  }

  get size(): number {
    return this.made.size + this.refusals.size;
  }
}

const keyOf = (profileId: string, itemId: string): string => `${profileId}\u0000${itemId}`;

/** A provider and the key sent to it, as one string: the key by a digest of it (none: no key). */
export function makerOf(providerId: string, apiKey: string | undefined): string {
  const digest = apiKey ? createHash('sha256').update(apiKey).digest('base64url').slice(0, 22) : '';
  return `${providerId}\u0000${digest}`;
}

/** The maker of an item its own key refused (reasoning-refused.ts): another's to every provider and key. */
const UNREADABLE = '\u0000';

/**
 * Made by another provider and another key (or none): the items such a maker made are left out before a try. Another
 * key on the same provider, or the same key on another provider entry, may be the same organization (OpenAI ties
 * encrypted reasoning to the organization, not the key): not another's here, left to the refusal's retry.
 */
function another(maker: string, me: string): boolean {
  const [at, key] = [maker.indexOf('\u0000'), me.indexOf('\u0000')];
  if (maker.slice(0, at) === me.slice(0, key)) return false;
  const made = maker.slice(at + 1);
  return made === '' || made !== me.slice(key + 1);
}

/**
 * What the items of a body sent to `maker` are to it: known made by it, or to be left out before a try (known made
 * by another, or refused by it before); and one it refused.
 */
export interface ItemMakers {
  mine(item: Record<string, unknown>): boolean;
  others(item: Record<string, unknown>): boolean;
  /**
   * refused by this provider and key: its own is from now on left out before any try, as another's; any other item
   * before the tries to this provider and key
   */
  refused(item: Record<string, unknown>): void;
}

/** `maker` is asked for once, when an item is known (the key's digest is not made for a body with no such item). */
export function itemMakers(store: ReasoningMakers, profileId: string, maker: () => string): ItemMakers {
  let me: string | undefined;
  const known = (item: Record<string, unknown>): string | undefined => (typeof item.id === 'string' ? store.makerOf(profileId, item.id) : undefined);
  return {
    mine: (item) => {
      const m = known(item);
      return m !== undefined && m === (me ??= maker());
    },
    others: (item) => {
      const m = known(item);
      if (m !== undefined && another(m, (me ??= maker()))) return true;
      return typeof item.id === 'string' && store.refused(profileId, item.id, (me ??= maker()));
    },
    refused: (item) => {
      if (typeof item.id !== 'string') return;
      me ??= maker();
      if (known(item) === me) store.note(profileId, item.id, UNREADABLE);
      else store.noteRefused(profileId, item.id, me);
    },
  };
}

/** The request asked for encrypted reasoning (Codex does): only then do the answer's reasoning items carry it. */
export function asksEncryptedReasoning(body: Record<string, unknown>): boolean {
  return Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content');
}

/** Each reasoning item with encrypted reasoning in a forwarded JSON answer's `output`, noted as `maker`'s. */
export function noteOutputMakers(store: ReasoningMakers, profileId: string, maker: () => string, output: unknown): void {
  if (!Array.isArray(output)) return;
  let m: string | undefined;
  for (const item of output) {
    if (!isEncryptedReasoningItem(item) || typeof item.id !== 'string') continue;
    store.note(profileId, item.id, (m ??= maker()));
  }
}

const TYPE_FIRST = '{"type":"';
const ITEM_DONE = 'response.output_item.done"';

/**
 * A forwarded stream's response.output_item.done of a reasoning item, noted as `maker`'s. OpenAI writes the type
 * first, unspaced: its other events go by on two prefix tests. Another server's spacing or key order gets a search
 * for the two words; only an event holding both is parsed again, and its types checked.
 */
export function noteEventMaker(store: ReasoningMakers, profileId: string, maker: () => string, data: string): void {
  if (data.startsWith(TYPE_FIRST) ? !data.startsWith(ITEM_DONE, TYPE_FIRST.length) : !data.includes('output_item.done')) return;
  if (!data.includes('reasoning')) return;
  let e: unknown;
  try {
    e = JSON.parse(data);
  } catch {
    return;
  }
  if (typeof e !== 'object' || e === null) return;
  const event = e as Record<string, unknown>;
  if (event.type === 'response.output_item.done') noteOutputMakers(store, profileId, maker, [event.item]);
}
