// What-if at a power level routes each logged request with what it needed (its tools, the API its cache marks
// hold it to first), as the proxy routes the same body sent as that level: Claude Code's turns and a chat
// client's tool calls are priced on the model `eco` really sends them to, never on a model without tools
// (before: every row was routed as a plain chat request, and priced on the cheapest chat-only model).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MODELS as FAKE, rawRequest, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';

let h: Harness;

/** $ per 1M: input, output, cache reads (null: at the input rate); cache writes are at the input rate on every one */
const PRICES: Record<string, [number, number, number | null]> = {
  [FAKE.openai]: [1, 2, null],
  [FAKE.anthropic]: [3, 15, 0.3],
  [FAKE.gemini]: [0.5, 1.5, null],
  'fo/plain': [0.01, 0.02, null],
};

const TURN = { input: 20_000, cached: 15_000, cacheWrite5m: 2_000, output: 500 };
const CHAT = { input: 3_000, output: 200 };

/** What a request of these tokens costs on a model of PRICES. */
function costOn(model: string, t: { input: number; cached?: number; cacheWrite5m?: number; output: number }): number {
  const [inP, outP, cachedP] = PRICES[model]!;
  const cached = t.cached ?? 0;
  const writes = t.cacheWrite5m ?? 0;
  return ((t.input - cached - writes) * inP + cached * (cachedP ?? inP) + writes * inP + t.output * outP) / 1e6;
}

/** Claude Code's shape: a cached system prompt and tools. */
const turn = (model: string) => ({
  model, max_tokens: 1000,
  system: [{ type: 'text', text: 'You are a coding agent.', cache_control: { type: 'ephemeral' } }],
  tools: [{ name: 'Bash', description: 'run a command', input_schema: { type: 'object', properties: { cmd: { type: 'string' } } } }],
  messages: [{ role: 'user', content: 'list files' }],
});
const chat = (model: string) => ({
  model, messages: [{ role: 'user', content: 'list files' }],
  tools: [{ type: 'function', function: { name: 'Bash', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } } }],
});

const post = (path: string, body: unknown) => rawRequest(`${h.url}${path}`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` }, body: JSON.stringify(body),
});

beforeAll(async () => {
  h = await startHarness();
  await routeAmongFakesOnly(h);
  // the cheapest model of all, with no tools: what every row was priced on before
  await h.app.service.createModel({ provider_id: 'fo', model_name: 'plain', input_cost_per_1m: 0.01, output_cost_per_1m: 0.02, context_length: 128_000, capabilities: ['chat'], quality: 30 });
  h.anthropic.options.usage = TURN;
  for (let i = 0; i < 3; i++) {
    const res = await post('/v1/messages', turn(FAKE.anthropic));
    expect(res.status, res.text).toBe(200);
  }
  h.openai.options.usage = CHAT;
  for (let i = 0; i < 2; i++) {
    const res = await post('/v1/chat/completions', chat(FAKE.openai));
    expect(res.status, res.text).toBe(200);
  }
  for (let i = 0; i < 100 && (await usageRows(h.app)).length < 5; i++) await new Promise((r) => setTimeout(r, 20));
  const rows = await usageRows(h.app);
  expect(rows.map((r) => Number(r.cost_usd))).toEqual([...Array(3).fill(costOn(FAKE.anthropic, TURN)), ...Array(2).fill(costOn(FAKE.openai, CHAT))].map((c) => expect.closeTo(c, 12)));
});
afterAll(async () => { await h?.close(); });

it('prices each logged request on the model eco sends the same body to (before: 3 turns and 2 tool calls on fo/plain, a 99.8% saving)', async () => {
  const res = await adminFetch(h.app, 'POST', '/api/v1/llm/usage/what-if', { days: 1, power_level: 'eco' });
  expect(res.status, res.text).toBe(200);
  const whatIf = res.json;
  // asked after the what-if, so that these are not in the traffic it re-prices
  const turnOn = (await post('/v1/messages', turn('eco'))).headers.get('x-switchboard-model');
  const chatOn = (await post('/v1/chat/completions', chat('eco'))).headers.get('x-switchboard-model');
  expect(turnOn && chatOn).toBeTruthy();
  const models = (await adminFetch(h.app, 'GET', '/api/v1/llm/models')).json as { id: string; capabilities: string[] }[];
  for (const id of [turnOn, chatOn]) expect(models.find((m) => m.id === id)?.capabilities).toContain('tools');
  expect(whatIf).toMatchObject({ requests: 5, unpriced_requests: 0, needs_unknown_requests: 0, scenario: 'power level eco' });
  expect(whatIf.actual_cost_usd).toBeCloseTo(3 * costOn(FAKE.anthropic, TURN) + 2 * costOn(FAKE.openai, CHAT), 12);
  expect(whatIf.hypothetical_cost_usd).toBeCloseTo(3 * costOn(turnOn!, TURN) + 2 * costOn(chatOn!, CHAT), 12);
});
