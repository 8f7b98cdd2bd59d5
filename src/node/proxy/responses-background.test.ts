import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index';
import { ResponseStore, type StoredResponse } from '../responses/response-store';
import type { UsageFigures } from '../usage/usage-row';
import { keepLatest } from './responses-background';
import type { AtProviderCall } from './responses-at-provider';

const MODEL = { id: 'p/gpt-x', providerId: 'p', modelName: 'gpt-x', inputCostPer1m: 1, outputCostPer1m: 1 };

/** The figures a background response's row is amended to once it ends, the request having allowed `allowed` searches. */
function amendedTo(allowed: number | undefined, searches: number): UsageFigures | undefined {
  let figures: UsageFigures | undefined;
  const call = {
    userId: 'u',
    deps: {
      log: () => undefined,
      usage: { amend: (_row: unknown, f: UsageFigures) => { figures = f; return 'amended'; } },
      catalog: { snapshot: () => ({ modelsById: new Map([[MODEL.id, MODEL]]), providers: new Map([['p', { type: 'openai' }]]) }) },
      responses: { put: () => 'stored' },
    },
  } as unknown as AtProviderCall;
  const stored: StoredResponse = {
    id: 'resp_1', userId: 'u', createdAt: 0, modelId: MODEL.id, native: true, atProvider: false, inputItems: [],
    response: { id: 'resp_1', status: 'queued' },
    usageRow: { requestId: 'r', startedAt: 0, ...(allowed === undefined ? {} : { webSearchesAllowed: allowed }) },
  };
  keepLatest(call, stored, {
    id: 'resp_1', status: 'completed',
    output: Array.from({ length: searches }, (_, i) => ({ type: 'web_search_call', id: `ws_${i}`, status: 'completed', action: { type: 'search', query: 'q' } })),
    usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
  });
  return figures;
}

describe('a background response that ends', () => {
  it('has its web searches held to what its request allowed, kept with it: none without a search tool', () => {
    // $10 per 1,000 searches beside 15 tokens at $1 per million
    const none = amendedTo(0, 7)!;
    expect(none).toMatchObject({ webSearchCalls: 0, estimated: true, inputTokens: 10, outputTokens: 5 });
    expect(none.costUsd).toBeCloseTo(0.000015, 9);
    const within = amendedTo(100, 7)!;
    expect(within).toMatchObject({ webSearchCalls: 7, estimated: false });
    expect(within.costUsd).toBeCloseTo(0.07 + 0.000015, 9);
    // kept before the allowance was: the ceiling, as before
    expect(amendedTo(undefined, 150)).toMatchObject({ webSearchCalls: 100, estimated: true });
  });
});

describe('a background response kept as it ended', () => {
  it('keeps the conversation it was read with: no item of it is written out or hashed again', () => {
    const db = openDatabase(':memory:');
    try {
      const store = new ResponseStore(db);
      const items = [{ role: 'user', content: 'hi' }, { role: 'user', content: 'é 😀' }];
      store.put({
        id: 'resp_1', userId: 'default', createdAt: Date.now(), modelId: MODEL.id, native: true, atProvider: false, inputItems: items,
        response: { id: 'resp_1', status: 'queued' },
      });
      const stored = store.get('resp_1', 'default')!;
      // an item read that is written out again (to be hashed) throws
      for (const item of stored.inputItems) Object.defineProperty(item, 'toJSON', { value: () => { throw new Error('written out again'); } });
      const logged: string[] = [];
      const call = { userId: 'default', deps: { log: (l: string) => logged.push(l), responses: store } } as unknown as AtProviderCall;
      const completed = { id: 'resp_1', status: 'completed', output: [] };
      keepLatest(call, stored, completed);
      expect(logged).toEqual([]);
      expect(store.get('resp_1', 'default')).toMatchObject({ inputItems: items, response: completed });
      // its size as a whole one's: its items' JSON and the response's
      expect(store.conversationBytes('resp_1', 'default')).toBe(Buffer.byteLength(JSON.stringify(items)) + Buffer.byteLength(JSON.stringify(completed)));
      expect(db.prepare('SELECT COUNT(*) FROM response_items').pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });
});
