// Names read from the wire that are also Object.prototype's members (constructor, toString, __proto__,
// hasOwnProperty) find nothing in the lookup tables keyed by wire names.
import { describe, expect, it } from 'vitest';
import { ownValue } from './json-object';
import { geminiToCanonical } from './inbound/gemini/parse-request';
import { anthropicInbound } from './inbound/anthropic';
import { listInputItems } from './inbound/responses/input-items';
import { guessImageMimeType } from './providers/gemini/request';
import { toGeminiParameters } from './providers/gemini/schema';
import { classifyGeminiError } from './providers/gemini/errors';
import { errorFromOpenAIErrorBody } from './providers/openai/classify-error';

const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('ownValue', () => {
  it('reads own members only', () => {
    const table: Record<string, number> = { low: 1 };
    expect(ownValue(table, 'low')).toBe(1);
    for (const name of PROTOTYPE_NAMES) expect(ownValue(table, name)).toBeUndefined();
  });
});

describe('wire names that are Object.prototype members', () => {
  it('a Gemini thinkingLevel sets no effort', () => {
    for (const level of PROTOTYPE_NAMES) {
      const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { thinkingConfig: { thinkingLevel: level } } };
      expect(geminiToCanonical(body, { model: 'auto', stream: false }).request.reasoningEffort).toBeUndefined();
    }
  });

  it("an Anthropic output_config.effort sets no effort", () => {
    for (const effort of PROTOTYPE_NAMES) {
      const body = { model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], output_config: { effort } };
      expect(anthropicInbound.toCanonical(body).request.reasoningEffort).toBeUndefined();
    }
  });

  it('a stored input item of such a type is listed with an item_ id', () => {
    const page = listInputItems([{ type: 'constructor', id: '' }, { type: 'toString' }], 'resp_abc', { order: 'asc' });
    expect(page.data.map((i) => i.id)).toEqual(['item_abc0000', 'item_abc0001']);
  });

  it("a tool schema's type of such a name sent to Gemini keeps no format (before: a TypeError, the request failed)", () => {
    for (const type of PROTOTYPE_NAMES) {
      const out = toGeminiParameters({ type: 'object', properties: { a: { type, format: 'date-time' } } }) as { properties: Record<string, Record<string, unknown>> };
      expect(out.properties.a!.format).toBeUndefined();
    }
  });

  it('an image URL ending .constructor is guessed as JPEG', () => {
    for (const name of PROTOTYPE_NAMES) expect(guessImageMimeType(`https://x.example/a.${name}`)).toBe('image/jpeg');
  });

  it("a provider's error status or type of such a name is classified by its HTTP status", () => {
    for (const status of PROTOTYPE_NAMES) {
      const e = classifyGeminiError(400, JSON.stringify({ error: { code: 400, message: 'bad', status } }), {});
      expect(e.status).toBe(400);
      expect(e.kind).toBe('bad_request');
      const o = errorFromOpenAIErrorBody({ error: { message: 'bad', type: status, code: status } }, 502);
      expect(o.status).toBe(502);
    }
  });
});
