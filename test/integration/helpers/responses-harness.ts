// The app harness plus a fake OpenAI Responses provider (`fr`) whose model is served on /responses.
import OpenAI from 'openai';
import { startFakeOpenAIResponses, type FakeResponsesProvider } from '../../mocks/fake-openai-responses';
import { KEYS, startHarness, type Harness } from './app-harness';

export const RESPONSES_MODEL = 'fr/gpt-resp-fake';

/** What each fake answers by default, under the harness's name for it. */
export function fakeAnswer(upstream: 'openai' | 'anthropic' | 'gemini' | 'responses'): string {
  return `Hello from the fake ${upstream === 'responses' ? 'openai responses' : upstream} provider!`;
}

export interface ResponsesHarness extends Harness {
  responses: FakeResponsesProvider;
}

export async function startResponsesHarness(opts: NonNullable<Parameters<typeof startHarness>[0]> = {}): Promise<ResponsesHarness> {
  const h = await startHarness(opts);
  const responses = await startFakeOpenAIResponses({ apiKey: KEYS.openai, ...opts.fake });
  const s = h.app.service;
  await s.createProvider({ id: 'fr', name: 'Fake OpenAI Responses', type: 'openai-compatible', base_url: responses.url, api_key: KEYS.openai });
  await s.createModel({
    provider_id: 'fr', model_name: 'gpt-resp-fake', input_cost_per_1m: 2, output_cost_per_1m: 8, cached_input_cost_per_1m: 0.5,
    context_length: 400000, capabilities: ['chat', 'tools', 'vision', 'json', 'reasoning'], quality: 75, api: 'responses',
  });
  return {
    ...h,
    responses,
    async close() {
      await h.close();
      await responses.close();
    },
  };
}

/** SDK clients of the Default profile and of a second one (Alice), for tests of who may see what. */
export async function twoProfileClients(h: ResponsesHarness): Promise<{ client: OpenAI; other: OpenAI }> {
  const alice = await h.app.service.createUser({ name: 'Alice' });
  return {
    client: new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 }),
    other: new OpenAI({ baseURL: `${h.url}/v1`, apiKey: alice.token, maxRetries: 0 }),
  };
}

/** The harness with the two profiles' clients of twoProfileClients. */
export async function startTwoProfileHarness(
  opts: Parameters<typeof startResponsesHarness>[0] = {},
): Promise<{ h: ResponsesHarness; client: OpenAI; other: OpenAI }> {
  const h = await startResponsesHarness(opts);
  return { h, ...(await twoProfileClients(h)) };
}
