import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../canonical';
import { inputItemIds, listInputItems } from './input-items';

const items = [
  { role: 'user', content: 'hi' },
  { type: 'message', id: 'msg_client', role: 'developer', content: [{ type: 'input_text', text: 'be terse' }] },
  { role: 'assistant', content: 'hello' },
  { type: 'function_call', call_id: 'c1', name: 'ls', arguments: '{}' },
  { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
];

describe('listInputItems', () => {
  it('lists newest first by default, messages in OpenAI\'s shape, every item with an id', () => {
    const page = listInputItems(items, 'resp_abc', {});
    expect(page).toMatchObject({ object: 'list', has_more: false, first_id: 'fco_abc0004', last_id: 'msg_abc0000' });
    expect(page.data.map((i) => i.id)).toEqual(['fco_abc0004', 'fc_abc0003', 'msg_abc0002', 'msg_client', 'msg_abc0000']);
    expect(page.data.at(-1)).toEqual({ id: 'msg_abc0000', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'hi' }] });
    expect(page.data[2]).toMatchObject({ role: 'assistant', content: [{ type: 'output_text', text: 'hello', annotations: [] }] });
    expect(page.data[1]).toEqual({ id: 'fc_abc0003', type: 'function_call', call_id: 'c1', name: 'ls', arguments: '{}' });
  });

  it('pages with limit and after, oldest first with order=asc; the ids are the same on every call', () => {
    const first = listInputItems(items, 'resp_abc', { order: 'asc', limit: '2' });
    expect(first.data.map((i) => i.id)).toEqual(['msg_abc0000', 'msg_client']);
    expect(first.has_more).toBe(true);
    const second = listInputItems(items, 'resp_abc', { order: 'asc', limit: '2', after: first.last_id });
    expect(second.data.map((i) => i.id)).toEqual(['msg_abc0002', 'fc_abc0003']);
    const last = listInputItems(items, 'resp_abc', { order: 'asc', limit: '2', after: second.last_id });
    expect(last).toMatchObject({ has_more: false, first_id: 'fco_abc0004', last_id: 'fco_abc0004' });
    expect(listInputItems([], 'resp_abc', {})).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  it('gives a repeated id an id of its own, so paging by `after` always moves on', () => {
    const twice = [{ type: 'message', id: 'msg_x', role: 'user', content: 'a' }, { type: 'message', id: 'msg_x', role: 'user', content: 'b' }, { role: 'user', content: 'c' }];
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const p = listInputItems(twice, 'resp_abc', { order: 'asc', limit: '1', after });
      seen.push(...p.data.map((i) => (i.content as { text: string }[])[0]!.text));
      if (!p.has_more) break;
      after = p.last_id;
    }
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('refuses a limit outside 1-100, an order other than asc or desc, and a cursor not in the list', () => {
    for (const q of [{ limit: '0' }, { limit: '101' }, { limit: 'ten' }, { order: 'up' }, { after: 'msg_nowhere' }]) {
      expect(() => listInputItems(items, 'resp_abc', q)).toThrow(RequestValidationError);
    }
  });

  it('finds an item by the id the list gives it (what an item_reference names)', () => {
    const ids = inputItemIds(items, 'resp_abc');
    expect(ids.indexOf('msg_abc0002')).toBe(2);
    expect(ids.indexOf('msg_client')).toBe(1);
    expect(ids.indexOf('msg_abc0001')).toBe(-1);
    expect(inputItemIds(items, 'resp_other').indexOf('msg_abc0000')).toBe(-1);
  });
});
