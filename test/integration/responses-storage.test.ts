// A conversation chained by previous_response_id (what the OpenAI SDK and agent loops do, each step
// sending a large tool output) is kept in space that grows with the conversation, not with the square
// of it: each stored response used to hold a copy of every input item so far. Every response of the
// chain still reads back whole, continues whole after its ancestors are deleted, and deleting them
// all gives the space back. SB_RESPONSES_TURNS=200 measures a longer chain (and prints the sizes).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import OpenAI from 'openai';
import { queryAll } from './helpers/hardening-kit';
import { InputChain } from '../../src/node/responses/input-chain';
import { RESPONSES_MODEL, fakeAnswer, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const TURNS = Number(process.env.SB_RESPONSES_TURNS ?? 16);
const STEP = 20 * 1024;
let h: ResponsesHarness;
let client: OpenAI;
beforeAll(async () => {
  h = await startResponsesHarness({ config: { limits: { maxConversationBytes: 64 * 1024 * 1024 } } });
  // a long chain's conversation (200 steps: 4 MB) is past the model's context
  await h.app.service.updateModel({ id: RESPONSES_MODEL, patch: { context_length: 10_000_000 } });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

/** One step's input: a tool output's worth of text, different each step. */
const step = (n: number): string => `step ${n}: ${`output line ${n} `.repeat(STEP / 16)}`.slice(0, STEP);

/** The pages the stored responses use (their tables and indexes, whatever the schema), as a reader sees them. */
const usedBytes = (): number => queryAll<{ n: number }>(h.dataDir, "SELECT SUM(pgsize) AS n FROM dbstat WHERE name LIKE '%respons%'")[0]!.n;

async function allInputItems(id: string): Promise<any[]> {
  const items: any[] = [];
  for await (const item of client.responses.inputItems.list(id, { order: 'asc', limit: 7 })) items.push(item);
  return items;
}

const textOf = (item: any): string => (typeof item.content === 'string' ? item.content : item.content.map((p: any) => p.text).join(''));

describe('a chain of stored responses', () => {
  it('is kept in space linear in the conversation, reads back whole from any turn, and gives the space back when deleted', async () => {
    const before = usedBytes();
    const ids: string[] = [];
    const keep = vi.spyOn(InputChain.prototype, 'keep');
    for (let n = 1; n <= TURNS; n++) {
      const r = await client.responses.create({ model: RESPONSES_MODEL, input: step(n), ...(ids.length > 0 ? { previous_response_id: ids.at(-1)! } : {}) });
      ids.push(r.id);
    }
    // each turn after the first is kept from the conversation it continues: only its new items written out and hashed
    expect(keep.mock.calls.map((call) => call[2]?.count)).toEqual(Array.from({ length: TURNS }, (_, i) => (i === 0 ? undefined : 2 * i - 1)));
    keep.mockRestore();
    const grown = usedBytes() - before;
    if (process.env.SB_RESPONSES_TURNS) console.log(`${TURNS} turns of ${STEP} B: the database grew ${grown} B`);
    // each step's input stored about once (with the pages, ids and answers around it); a copy of the
    // conversation per turn is TURNS / 2 times that
    expect(grown).toBeLessThan(3 * TURNS * STEP);

    const expected = (upTo: number): string[] => Array.from({ length: upTo }, (_, i) => [step(i + 1), fakeAnswer('responses')]).flat().slice(0, 2 * upTo - 1);
    expect((await allInputItems(ids.at(-1)!)).map(textOf)).toEqual(expected(TURNS));
    const middle = Math.ceil(TURNS / 2);
    expect((await allInputItems(ids[middle - 1]!)).map(textOf)).toEqual(expected(middle));

    // the turns before the middle one deleted: it and the later ones stay whole, and it continues whole
    for (const id of ids.slice(0, middle - 1)) await client.responses.delete(id);
    expect((await allInputItems(ids.at(-1)!)).map(textOf)).toEqual(expected(TURNS));
    const branch = await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: ids[middle - 1]!, input: 'and now?' });
    expect(h.responses.requests.at(-1)!.body.input.map(textOf)).toEqual([...expected(middle), fakeAnswer('responses'), 'and now?']);

    for (const id of [...ids.slice(middle - 1), branch.id]) await client.responses.delete(id);
    // what stays is the tombstones' few bytes a turn: a quarter of the steps' items left would be more
    expect(usedBytes() - before).toBeLessThan((TURNS * STEP) / 4);
  });
});
