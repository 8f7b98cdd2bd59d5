// The app harness set up for replaying recorded client requests: every fake model reads PDFs, an
// OpenAI-type provider (OpenAI's own quirks: max_completion_tokens, user) fronts the fake OpenAI, and
// power levels choose among the fakes only.
import { anthropicFixture } from '../../fixtures/anthropic/load-fixture';
import { openaiFixture } from '../../fixtures/openai/load';
import { KEYS, MODELS, routeAmongFakesOnly, startHarness, type Harness } from './app-harness';
import { httpRequest, type RawResponse } from './hardening-kit';

/** An OpenAI-type provider on the fake OpenAI server. */
export const OPENAI_TYPE_MODEL = 'oa/gpt-5-fake';

export async function startFixtureHarness(): Promise<Harness> {
  const h = await startHarness();
  const s = h.app.service;
  await routeAmongFakesOnly(h);
  const capabilities = ['chat', 'tools', 'vision', 'json', 'reasoning', 'documents'] as const;
  for (const id of [MODELS.openai, MODELS.anthropic, MODELS.gemini]) await s.updateModel({ id, patch: { capabilities: [...capabilities] } });
  await s.createProvider({ id: 'oa', name: 'OpenAI-type fake', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'oa', model_name: 'gpt-5-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 400_000, capabilities: [...capabilities], quality: 90 });
  return h;
}

export interface Recording {
  body: Record<string, any>;
  headers: Record<string, string>;
}

export function recording(format: 'anthropic' | 'openai', name: string): Recording {
  const load = format === 'anthropic' ? anthropicFixture : openaiFixture;
  return { body: load(`${name}.request.json`), headers: load(`${name}.headers.json`) };
}

/** Replays a recording (its headers and its body, the model swapped in place) with the profile token. */
export function replay(h: Harness, path: string, rec: Recording, model: string): Promise<RawResponse> {
  return httpRequest(h.url, path, {
    method: 'POST',
    headers: { ...rec.headers, authorization: `Bearer ${h.token}` },
    body: JSON.stringify({ ...rec.body, model }),
  });
}
