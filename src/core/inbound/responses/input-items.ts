// GET /v1/responses/{id}/input_items: the items a kept response was generated from, as OpenAI lists
// them (`object: "list"`, newest first unless `order=asc`, `limit` 1-100 (20), `after` an item id).
// Items are listed as OpenAI returns them: a message always has `type`, `status` and a content list,
// and every item an `id` (one the client gave, or one made from the response's id and its place).
import { RequestValidationError } from '../../canonical';
import { isJsonObject, ownValue } from '../../json-object';

export interface InputItemsQuery {
  after?: string | null;
  limit?: string | null;
  order?: string | null;
}

export interface InputItemsPage {
  object: 'list';
  data: Record<string, unknown>[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

const ID_PREFIX: Record<string, string> = {
  message: 'msg', function_call: 'fc', function_call_output: 'fco', reasoning: 'rs', item_reference: 'ref',
};

/** One stored input item as the list shows it; `made`: the id it gets when the client gave none. */
function listedInputItem(item: unknown, made: (prefix: string) => string): Record<string, unknown> {
  if (!isJsonObject(item)) return { id: made('item'), type: 'message', role: 'user', status: 'completed', content: [] };
  const type = typeof item.type === 'string' ? item.type : 'message';
  const id = typeof item.id === 'string' && item.id !== '' ? item.id : made(ownValue(ID_PREFIX, type) ?? 'item');
  if (type !== 'message') return { ...item, id };
  const role = typeof item.role === 'string' ? item.role : 'user';
  const content = typeof item.content === 'string'
    ? [role === 'assistant' ? { type: 'output_text', text: item.content, annotations: [] } : { type: 'input_text', text: item.content }]
    : item.content;
  return { ...item, id, type: 'message', role, status: typeof item.status === 'string' ? item.status : 'completed', content };
}

function limitOf(raw: string | null | undefined): number {
  if (raw === undefined || raw === null) return DEFAULT_LIMIT;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new RequestValidationError(`Invalid 'limit': integer below minimum value or above maximum value. Expected a value between 1 and ${MAX_LIMIT}, but got ${raw} instead.`, 'limit');
  }
  return n;
}

/** Every stored input item as the list shows it, oldest first, each with the id the list gives it. */
function listedInputItems(items: readonly unknown[], responseId: string): Record<string, unknown>[] {
  const stem = responseId.replace(/^resp_/, '');
  const seen = new Set<string>();
  return items.map((item, i) => {
    const made = (prefix: string): string => `${prefix}_${stem}${i.toString(16).padStart(4, '0')}`;
    const out = listedInputItem(item, made);
    // an id given twice (or colliding with a made one) would make `after` find the wrong place, and
    // a pager loop for ever: the repeat gets an id of its own
    if (seen.has(out.id as string)) out.id = made('item');
    seen.add(out.id as string);
    return out;
  });
}

/** The id the list gives each input item, in order: what an item_reference to one names. */
export function inputItemIds(items: readonly unknown[], responseId: string): string[] {
  return listedInputItems(items, responseId).map((item) => item.id as string);
}

/** A page of the items `responseId` was generated from. Throws RequestValidationError for a bad query. */
export function listInputItems(items: readonly unknown[], responseId: string, q: InputItemsQuery): InputItemsPage {
  const limit = limitOf(q.limit);
  const order = q.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new RequestValidationError(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'order');
  const listed = listedInputItems(items, responseId);
  if (order === 'desc') listed.reverse();
  let from = 0;
  if (q.after !== undefined && q.after !== null) {
    const at = listed.findIndex((item) => item.id === q.after);
    if (at < 0) throw new RequestValidationError(`No input item with id '${q.after}' in response '${responseId}'.`, 'after');
    from = at + 1;
  }
  const data = listed.slice(from, from + limit);
  return {
    object: 'list',
    data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data.at(-1)?.id as string | undefined) ?? null,
    has_more: from + limit < listed.length,
  };
}
