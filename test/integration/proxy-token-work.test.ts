// Token estimates on the request path stay bounded: a long answer without usage, streamed or not,
// and a count_tokens call with many long parts, never hold the event loop for long. The tokenizer's
// time is what held it (seconds on inputs a tenth of this size), so what the proxy hands the
// tokenizer during real HTTP requests is counted here; the delay itself is measured by
// `npm run bench`'s loop-delay cell (bench/loop-delay.ts).
import { createRequire } from 'node:module';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXACT_TOKENIZE_BUDGET_BYTES, SAMPLE_BUDGET_BYTES } from '../../src/core/tokens';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let seed = 7;
/** Random CJK: no spaces, and nothing gpt-tokenizer's merge cache has seen. */
function cjk(length: number): string {
  const codes = new Uint16Array(length);
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    codes[i] = 0x4e00 + (seed % 20_000);
  }
  return new TextDecoder('utf-16le').decode(codes);
}

const ANSWER_CHARS = 200_000;
let h: Harness;

// the proxy loads o200k_base's counter with require (src/node/tokens.ts) on its first count: wrapped
// before that, every text the proxy tokenizes passes through here
const o200k = createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as { countTokens: (text: string, options: unknown) => number };
const realCount = o200k.countTokens;
const tokenized: number[] = [];

beforeAll(async () => {
  o200k.countTokens = (text, options) => {
    tokenized.push(text.length);
    // past the budget the real count would take the seconds this test exists to prevent: the assertions
    // below name the fault rather than the test's timeout
    return text.length > EXACT_TOKENIZE_BUDGET_BYTES ? Math.ceil(text.length / 4) : realCount(text, options);
  };
  h = await startHarness({ fake: { text: cjk(ANSWER_CHARS) } });
});
afterAll(async () => {
  await h.close();
  o200k.countTokens = realCount;
});

async function outputTokensRecorded(requests: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const u = await h.app.service.getUsage({ days: 1 });
    if (u.total_requests >= requests || Date.now() > deadline) return u.total_output_tokens;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('token work on the request path', () => {
  it('estimates unreported usage of a long answer and counts a large count_tokens call handing the tokenizer only its budget', async () => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const countBody = JSON.stringify({
      model: MODELS.anthropic,
      messages: Array.from({ length: 100 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: cjk(5_000) })),
    });
    const ask = (content: string) => client.chat.completions.create({ model: MODELS.openai, messages: [{ role: 'user', content }] });
    const askStreamed = async (content: string): Promise<number> => {
      const stream = await client.chat.completions.create({
        model: MODELS.openai, messages: [{ role: 'user', content }], stream: true, stream_options: { include_usage: true },
      });
      let chars = 0;
      for await (const chunk of stream) chars += chunk.choices[0]?.delta?.content?.length ?? 0;
      return chars;
    };
    const countTokens = (body: string) => rawRequest(`${h.url}/v1/messages/count_tokens`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token }, body,
    });
    // first runs of every path (and the o200k table's one-time load, ~0.15 s) are not what is measured
    await ask('warm up');
    await askStreamed('warm up');
    expect((await countTokens(JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }] }))).status).toBe(200);
    const warmTokens = await outputTokensRecorded(2);

    expect(tokenized.length).toBeGreaterThan(0);
    tokenized.length = 0;
    h.openai.faults.push({ kind: 'no-usage' }, { kind: 'no-usage' });
    const plain = await ask('a long answer, please');
    const streamed = await askStreamed('a long answer, streamed');
    const counted = await countTokens(countBody);
    const handed = [...tokenized];

    expect(plain.choices[0]?.message.content).toHaveLength(ANSWER_CHARS);
    expect(streamed).toBe(ANSWER_CHARS);
    expect(counted.status).toBe(200);
    expect(counted.json.input_tokens).toBeGreaterThan(100 * 5_000 / 4);
    // beyond the exact budget an answer is estimated at chars/4
    expect(await outputTokensRecorded(4)).toBe(2 * (ANSWER_CHARS / 4) + warmTokens);
    // three requests, each estimated within its budget (6 KB exact, 2 KB of samples: src/node/tokens.test.ts
    // holds each estimate to it); unbounded, the tokenizer would get the 900k characters above
    const total = handed.reduce((sum, n) => sum + n, 0);
    console.log(`handed the tokenizer: ${handed.length} texts, ${total} characters, the longest ${Math.max(0, ...handed)}`);
    expect(total).toBeLessThanOrEqual(3 * (EXACT_TOKENIZE_BUDGET_BYTES + SAMPLE_BUDGET_BYTES));
    expect(Math.max(0, ...handed)).toBeLessThanOrEqual(EXACT_TOKENIZE_BUDGET_BYTES);
  }, 60_000);
});
