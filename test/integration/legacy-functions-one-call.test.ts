// OpenAI chat's legacy `functions` API answers one call a turn (message.function_call). A client using it crossed
// to another format: the model is asked for one call (Anthropic's disable_parallel_tool_use), and the calls past
// the first of a provider that makes more all the same (Gemini has no switch against it) are named dropped, in
// x-switchboard-dropped and the activity row, where before they were lost without a word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, postJson, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const functions = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
const ask = (model: string, stream = false, extra: Record<string, unknown> = {}) => postJson(h, '/v1/chat/completions', {
  model, messages: [{ role: 'user', content: 'What is the weather in Paris and in Rome?' }], functions, ...(stream ? { stream: true } : {}), ...extra,
});

describe('a legacy functions client', () => {
  it('asks Claude for one call a turn (disable_parallel_tool_use) and gets its call, nothing named', async () => {
    const res = await ask(MODELS.anthropic);
    expect(res.status).toBe(200);
    expect(h.anthropic.requests.at(-1)!.body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(res.json.choices[0]).toMatchObject({ finish_reason: 'function_call', message: { function_call: { name: 'get_weather' } } });
    expect(res.headers.get('x-switchboard-dropped')).toBeNull();
  });

  describe('served by Gemini, which makes two calls all the same', () => {
    beforeAll(() => { h.gemini.options.parallelArgs = [{ city: 'Paris' }, { city: 'Rome' }]; });
    afterAll(() => { delete h.gemini.options.parallelArgs; });

    it('gets the first call, the second named in the header and the activity row', async () => {
      const res = await ask(MODELS.gemini);
      expect(res.status).toBe(200);
      expect(res.json.choices[0].message.function_call).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
      // Gemini has no switch against parallel calls, but the one call a turn is the functions API's, not a
      // parallel_tool_calls the client sent: not named
      expect(res.headers.get('x-switchboard-dropped')).toBe('tool_calls');
      expect((await activityEntryOf(h.app, res)).dropped).toEqual(['tool_calls']);
    });

    it('names parallel_tool_calls when the client sent it', async () => {
      for (const parallel of [false, true]) {
        const res = await ask(MODELS.gemini, false, { parallel_tool_calls: parallel });
        expect(res.status).toBe(200);
        expect(String(res.headers.get('x-switchboard-dropped')).split(',').sort(), String(parallel)).toEqual(['parallel_tool_calls', 'tool_calls']);
        expect((await activityEntryOf(h.app, res)).dropped.sort()).toEqual(['parallel_tool_calls', 'tool_calls']);
      }
    });

    it('streamed: gets the first call, the second named in the activity row', async () => {
      const res = await ask(MODELS.gemini, true);
      expect(res.status).toBe(200);
      const deltas = res.text.split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)).choices[0]?.delta).filter(Boolean);
      const args = deltas.map((d: any) => d.function_call?.arguments ?? '').join('');
      expect(args).toBe('{"city":"Paris"}');
      expect(deltas.some((d: any) => d.tool_calls !== undefined)).toBe(false);
      expect((await activityEntryOf(h.app, res)).dropped).toEqual(['tool_calls']);
    });
  });
});
