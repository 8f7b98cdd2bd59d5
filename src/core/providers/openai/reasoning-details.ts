// OpenRouter's `reasoning_details`: the model's reasoning as typed items (reasoning.text with its signature,
// reasoning.summary, reasoning.encrypted: Gemini 3's thought signature for a call, by the call's id). OpenRouter wants
// them back on the assistant message that carries the answer's tool calls, else Google refuses the call ("Function
// call is missing a thought_signature") and Claude loses its thinking. A client of another API has no place for
// them: read here, kept by the proxy (node/proxy/thought-signatures.ts) and sent again by build-request.ts.
import type { ReasoningDetail } from '../../canonical';
import { isJsonObject } from '../../json-object';

/** The most characters of an answer's details gathered; beyond it they are not kept at all (a part would be refused). */
const MAX_CHARS = 1024 * 1024;

/** What an item costs against the bound besides its fields: 200,000 items of nothing are not kept either. */
const ITEM_CHARS = 16;

/** The string fields a streamed item spreads over its chunks. */
const SPREAD = ['text', 'summary', 'data'] as const;

/** A message's reasoning_details, the objects of it; undefined when it has none. */
export function readReasoningDetails(value: unknown): ReasoningDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const details = value.filter(isJsonObject);
  return details.length > 0 && charsOf(details) <= MAX_CHARS ? details : undefined;
}

function charsOf(details: ReasoningDetail[]): number {
  let chars = 0;
  for (const d of details) chars += itemChars(d);
  return chars;
}

/**
 * A stream's reasoning_details put together: an item streams over chunks under one `index` (its text, summary or
 * data in pieces, its signature at the end), so pieces of the same index and type join, unless both name an `id` and
 * the ids differ (two items, each its own: two calls' signatures are never one); an item without an index stands
 * alone. The bound counts what is kept: a new item's fields and ITEM_CHARS, and of a joined piece the text it adds
 * and the fields it fills (not the type and format every chunk repeats); a field not a string counts as its JSON.
 */
export function reasoningDetailsGatherer(): { add(value: unknown): void; details(): ReasoningDetail[] | undefined } {
  const items: ReasoningDetail[] = [];
  const byIndex = new Map<number, ReasoningDetail>();
  let chars = 0;
  let overflowed = false;
  return {
    add(value) {
      if (overflowed || !Array.isArray(value)) return;
      for (const piece of value) {
        if (!isJsonObject(piece)) continue;
        const index = typeof piece.index === 'number' ? piece.index : undefined;
        const open = index === undefined ? undefined : byIndex.get(index);
        if (open && sameItem(open, piece)) chars += join(open, piece);
        else {
          const item = { ...piece };
          chars += itemChars(item);
          items.push(item);
          if (index !== undefined) byIndex.set(index, item);
        }
        if (chars > MAX_CHARS) {
          overflowed = true;
          items.length = 0;
          byIndex.clear();
          return;
        }
      }
    },
    details: () => (items.length > 0 ? items : undefined),
  };
}

/** A piece goes on the item open at its index: of its type, and of its id when both name one. */
function sameItem(item: ReasoningDetail, piece: ReasoningDetail): boolean {
  if (item.type !== piece.type) return false;
  const named = (v: unknown): boolean => v !== undefined && v !== null;
  return !(named(item.id) && named(piece.id) && item.id !== piece.id);
}

function itemChars(d: ReasoningDetail): number {
  let chars = ITEM_CHARS;
  for (const v of Object.values(d)) chars += valueChars(v);
  return chars;
}

/**
 * A field's characters: a string's length, anything else its JSON's; Infinity (past any bound) when it is nested
 * deeper than JSON.stringify can write, as it would be when sent again.
 */
function valueChars(v: unknown): number {
  if (typeof v === 'string') return v.length;
  try {
    return JSON.stringify(v)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

/** The piece joined to its item; the characters it added to what is kept. */
function join(item: ReasoningDetail, piece: ReasoningDetail): number {
  let added = 0;
  for (const [key, v] of Object.entries(piece)) {
    const spread = (SPREAD as readonly string[]).includes(key);
    if (spread && typeof v === 'string' && typeof item[key] === 'string') {
      item[key] = (item[key] as string) + v;
      added += v.length;
    } else if (item[key] === undefined || item[key] === null) {
      item[key] = v;
      added += valueChars(v);
    }
  }
  return added;
}
