// What today's clients send (recorded: Claude Code 2.1.332, the official Anthropic and OpenAI SDKs,
// test/fixtures/record-clients.ts) reaches a provider of the same format byte for byte, but for
// the fields the proxy owns (`model`; for OpenAI streams `stream_options.include_usage`), with the
// client's anthropic-beta / anthropic-version. count_tokens answers Claude Code's own calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, type Harness } from './helpers/app-harness';
import { OPENAI_TYPE_MODEL, recording, replay, startFixtureHarness } from './helpers/fixture-harness';

let h: Harness;
beforeAll(async () => { h = await startFixtureHarness(); });
afterAll(async () => { await h?.close(); });

const upstreamCount = () => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;

describe('Anthropic clients to an Anthropic provider', () => {
  it.each([
    'claude-code-first', 'claude-code-tool-result', 'sdk-pdf', 'sdk-images', 'sdk-server-tools', 'sdk-mid-system', 'sdk-thinking',
  ])('%s arrives as sent, model swapped, with its beta and version headers', async (name) => {
    const rec = recording('anthropic', name);
    const path = name.startsWith('claude-code') ? '/v1/messages?beta=true' : '/v1/messages';
    const res = await replay(h, path, rec, MODELS.anthropic);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers['x-switchboard-model']).toBe(MODELS.anthropic);
    expect(res.headers['x-switchboard-dropped']).toBeUndefined();
    const got = h.anthropic.requests.at(-1)!;
    // the same text: every field, block and key order as the client wrote it
    expect(JSON.stringify(got.body)).toBe(JSON.stringify({ ...rec.body, model: 'claude-fake' }));
    expect(got.headers['anthropic-beta']).toBe(rec.headers['anthropic-beta']);
    expect(got.headers['anthropic-version']).toBe(rec.headers['anthropic-version']);
  });
});

describe('OpenAI clients to an OpenAI provider', () => {
  // sdk-reasoning-extras: below (its penalties are what a gpt-5 refuses)
  it.each(['sdk-pdf', 'sdk-images', 'sdk-audio', 'sdk-mid-system'])('%s arrives as sent, model swapped', async (name) => {
    const rec = recording('openai', name);
    const res = await replay(h, '/v1/chat/completions', rec, OPENAI_TYPE_MODEL);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers['x-switchboard-dropped']).toBeUndefined();
    expect(JSON.stringify(h.openai.requests.at(-1)!.body)).toBe(JSON.stringify({ ...rec.body, model: 'gpt-5-fake' }));
  });

  it('keeps seed, logit_bias, store, metadata, service_tier and user; the penalties and logprobs a reasoning model refuses go, named', async () => {
    const rec = recording('openai', 'sdk-reasoning-extras');
    const res = await replay(h, '/v1/chat/completions', rec, OPENAI_TYPE_MODEL);
    const sent = h.openai.requests.at(-1)!.body;
    for (const field of ['seed', 'logit_bias', 'store', 'metadata', 'service_tier', 'user', 'reasoning_effort']) {
      expect(sent[field], field).toEqual(rec.body[field]);
    }
    // OpenAI answers a gpt-5 reasoning request carrying them with 400 "Unsupported parameter" (c9710a3)
    expect(sent.frequency_penalty).toBeUndefined();
    expect(sent.presence_penalty).toBeUndefined();
    // and "Unsupported parameter: 'logprobs' is not supported with this model"
    expect(sent.logprobs).toBeUndefined();
    expect(sent.top_logprobs).toBeUndefined();
    expect(String(res.headers['x-switchboard-dropped']).split(',').sort()).toEqual(['frequency_penalty', 'logprobs', 'presence_penalty', 'top_logprobs']);
  });

  it('a stream that did not ask for usage gets include_usage added, and nothing else changed but the refused penalties and logprobs', async () => {
    const rec = recording('openai', 'sdk-reasoning-extras');
    const { stream_options: _asked, frequency_penalty: _f, presence_penalty: _p, logprobs: _l, top_logprobs: _t, ...kept } = rec.body;
    const { stream_options: _a, ...body } = rec.body;
    const res = await replay(h, '/v1/chat/completions', { ...rec, body }, OPENAI_TYPE_MODEL);
    expect(res.status).toBe(200);
    expect(JSON.stringify(h.openai.requests.at(-1)!.body)).toBe(JSON.stringify({ ...kept, model: 'gpt-5-fake', stream_options: { include_usage: true } }));
  });
});

describe('count_tokens as Claude Code calls it', () => {
  it.each(['claude-code-count-tokens-tools', 'claude-code-count-tokens-thinking'])('%s is counted here, tools and thinking history included', async (name) => {
    const rec = recording('anthropic', name);
    const before = upstreamCount();
    const res = await replay(h, '/v1/messages/count_tokens?beta=true', rec, rec.body.model);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    // the tool schemas alone are thousands of tokens: they are counted, not skipped
    const toolChars = JSON.stringify(rec.body.tools).length;
    expect(res.json.input_tokens).toBeGreaterThan(toolChars / 8);
    expect(upstreamCount()).toBe(before);
  });
});
