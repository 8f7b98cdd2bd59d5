// The `documents` capability: the bundled models that read PDFs carry it, and a PDF never goes to a
// model without it (excluded with that reason in the route preview; 400 when it was named).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { recording, replay } from './helpers/fixture-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  for (const id of ['ollama', 'lmstudio']) await h.app.service.updateProvider({ id, patch: { enabled: false } });
  await h.app.service.updateModel({ id: MODELS.anthropic, patch: { capabilities: ['chat', 'tools', 'vision', 'json', 'documents'] } });
});
afterAll(async () => { await h?.close(); });

describe('documents capability', () => {
  it('is seeded for the bundled Claude, Gemini, GPT-4o/4.1/5 models and their routed copies, and only those', async () => {
    const models = await h.app.service.listModels({});
    const reads = new Set(models.filter((m) => m.capabilities.includes('documents')).map((m) => m.id));
    for (const id of ['anthropic/claude-sonnet-4-5', 'anthropic/claude-opus-4-7', 'gemini/gemini-2.5-flash', 'openai/gpt-4.1', 'openai/gpt-4o-mini', 'openai/gpt-5.4-mini', 'openrouter/anthropic/claude-sonnet-4.5', 'openrouter/google/gemini-2.5-flash']) {
      expect(reads.has(id), id).toBe(true);
    }
    for (const id of ['ollama/llama3.2', 'deepseek/deepseek-chat', 'groq/llama-3.3-70b-versatile', 'openai/text-embedding-3-small', 'mistral/mistral-large-latest']) {
      expect(reads.has(id), id).toBe(false);
    }
  });

  it('a PDF request excludes the models without it, with the reason, in the route preview', async () => {
    const { body } = recording('openai', 'sdk-pdf');
    const preview = await h.app.service.previewRoute({ request: { ...body, model: 'eco' } });
    expect(preview.candidates.map((c) => c.model)).toEqual([MODELS.anthropic]);
    const reason = (id: string) => preview.excluded.find((x) => x.model === id)?.reason;
    expect(reason(MODELS.openai)).toBe('no document (PDF) support');
    expect(reason(MODELS.gemini)).toBe('no document (PDF) support');
  });

  it('a PDF sent to a model without it is refused with 400, and reaches no provider', async () => {
    const before = h.openai.requests.length;
    const res = await replay(h, '/v1/chat/completions', recording('openai', 'sdk-pdf'), MODELS.openai);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported' });
    expect(res.json.error.message).toContain('no document (PDF) support');
    expect(h.openai.requests.length).toBe(before);
  });

  it('a PDF by URL skips Chat Completions models (files only inline there): served by another, 400 when one was named', async () => {
    await h.app.service.updateModel({ id: MODELS.openai, patch: { capabilities: ['chat', 'tools', 'vision', 'json', 'documents'] } });
    const rules = await h.app.service.getRoutingRules();
    await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, pdfs: [MODELS.openai, MODELS.anthropic] } });
    const send = (model: string) => rawRequest(`${h.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model, max_tokens: 64,
        messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://example.com/report.pdf' } }, { type: 'text', text: 'Summarise' }] }],
      }),
    });
    const before = h.openai.requests.length;
    const routed = await send('pdfs');
    expect(routed.status).toBe(200);
    expect(routed.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
    const named = await send(MODELS.openai);
    expect(named.status).toBe(400);
    expect(named.json.error).toMatchObject({ type: 'invalid_request_error' });
    expect(named.json.error.message).toContain('its API cannot carry this request');
    expect(h.openai.requests.length).toBe(before);
  });
});
