import { describe, expect, it } from 'vitest';
import { ValidationError, apiKey, baseUrl, booleanish, objectOf, slugify, text } from './validate';
import {
  auditQuery, byokSetBody, modelCreateBody, modelUpdateBody, providerCreateBody, providerUpdateBody, settingsUpdateBody,
  userCreateBody, userUpdateBody,
} from './validate-admin';

/** the field the validator blames, or 'ok' */
function blame(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
}

const provider = { name: 'My OpenAI', type: 'openai' };
const model = { provider_id: 'openai', model_name: 'gpt-x', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 8192 };

describe('provider bodies', () => {
  const cases: [string, unknown, string][] = [
    ['minimal', provider, 'ok'],
    ['everything', { ...provider, id: 'work-openai', base_url: 'https://x.example/v1', api_key: 'sk-abc', enabled: false, priority: 3 }, 'ok'],
    ['not an object', 'openai', ''],
    ['array body', [provider], ''],
    ['missing name', { type: 'openai' }, 'name'],
    ['missing type', { name: 'x' }, 'type'],
    ['name wrong type', { ...provider, name: 42 }, 'name'],
    ['empty name', { ...provider, name: '   ' }, 'name'],
    ['name too long', { ...provider, name: 'n'.repeat(201) }, 'name'],
    ['name 200 chars', { ...provider, name: 'n'.repeat(200) }, 'ok'],
    ['name with newline', { ...provider, name: 'a\nb' }, 'name'],
    ['name with trailing newline', { ...provider, name: 'ab\n' }, 'name'],
    ['name with NUL', { ...provider, name: 'a\u0000b' }, 'name'],
    ['name with DEL', { ...provider, name: 'a\u007fb' }, 'name'],
    ['name with C1 control', { ...provider, name: 'a\u0085b' }, 'name'],
    ['name with RLO bidi override', { ...provider, name: 'safe\u202Etxt.exe' }, 'name'],
    ['name with LRE', { ...provider, name: 'a\u202Ab' }, 'name'],
    ['name with isolate U+2066', { ...provider, name: 'a\u2066b' }, 'name'],
    ['name with isolate U+2069', { ...provider, name: 'a\u2069b' }, 'name'],
    ['name with emoji and accents is fine', { ...provider, name: 'Café 🚀' }, 'ok'],
    ['unknown type', { ...provider, type: 'azure' }, 'type'],
    ['type wrong case', { ...provider, type: 'OpenAI' }, 'type'],
    ['id uppercase', { ...provider, id: 'OpenAI' }, 'id'],
    ['id leading dash', { ...provider, id: '-x' }, 'id'],
    ['id with slash', { ...provider, id: 'a/b' }, 'id'],
    ['id with space', { ...provider, id: 'a b' }, 'id'],
    ['id with bidi', { ...provider, id: 'ab\u202E' }, 'id'],
    ['id 64 chars', { ...provider, id: 'a'.repeat(64) }, 'ok'],
    ['id 65 chars', { ...provider, id: 'a'.repeat(65) }, 'id'],
    ['id number', { ...provider, id: 7 }, 'id'],
    ['base_url ftp', { ...provider, base_url: 'ftp://x.example' }, 'base_url'],
    ['base_url javascript', { ...provider, base_url: 'javascript:alert(1)' }, 'base_url'],
    ['base_url file', { ...provider, base_url: 'file:///etc/passwd' }, 'base_url'],
    ['base_url relative', { ...provider, base_url: '/v1' }, 'base_url'],
    ['base_url with credentials', { ...provider, base_url: 'https://user:pw@x.example/v1' }, 'base_url'],
    ['base_url with user only', { ...provider, base_url: 'https://user@x.example/v1' }, 'base_url'],
    ['base_url with query', { ...provider, base_url: 'https://x.example/v1?a=1' }, 'base_url'],
    ['base_url with fragment', { ...provider, base_url: 'https://x.example/v1#x' }, 'base_url'],
    ['base_url too long', { ...provider, base_url: `https://x.example/${'a'.repeat(2048)}` }, 'base_url'],
    ['base_url with newline', { ...provider, base_url: 'https://x.example/v1\n' }, 'base_url'],
    ['base_url not a string', { ...provider, base_url: 1 }, 'base_url'],
    ['api_key empty', { ...provider, api_key: '' }, 'api_key'],
    ['api_key CRLF injection', { ...provider, api_key: 'sk-abc\r\nX-Evil: 1' }, 'api_key'],
    ['api_key LF', { ...provider, api_key: 'sk-abc\n' }, 'api_key'],
    ['api_key NUL', { ...provider, api_key: 'sk-\u0000abc' }, 'api_key'],
    ['api_key non-ASCII', { ...provider, api_key: 'sk-abcé' }, 'api_key'],
    ['api_key 4096', { ...provider, api_key: 'k'.repeat(4096) }, 'ok'],
    ['api_key 4097', { ...provider, api_key: 'k'.repeat(4097) }, 'api_key'],
    ['api_key number', { ...provider, api_key: 12345 }, 'api_key'],
    ['api_key null on create', { ...provider, api_key: null }, 'api_key'],
    ['enabled as string', { ...provider, enabled: 'true' }, 'enabled'],
    ['priority fractional', { ...provider, priority: 1.5 }, 'priority'],
    ['priority NaN-ish string', { ...provider, priority: '1' }, 'priority'],
    ['unknown field api_base', { ...provider, api_base: 'https://evil.example' }, 'api_base'],
    ['unknown field key', { ...provider, key: 'sk-x' }, 'key'],
    ['__proto__ key', JSON.parse('{"name":"x","type":"openai","__proto__":{"admin":true}}'), '__proto__'],
    ['constructor key', { ...provider, constructor: { prototype: {} } }, 'constructor'],
  ];
  it.each(cases)('create: %s', (_label, body, field) => {
    expect(blame(() => providerCreateBody(body, ''))).toBe(field);
  });

  const updates: [string, unknown, string][] = [
    ['empty patch', {}, 'ok'],
    ['api_key null removes', { api_key: null }, 'ok'],
    ['id is not updatable', { id: 'other' }, 'id'],
    ['created_at is not updatable', { created_at: 'x' }, 'created_at'],
    ['bad type', { type: 'nope' }, 'type'],
  ];
  it.each(updates)('update: %s', (_label, body, field) => {
    expect(blame(() => providerUpdateBody(body, ''))).toBe(field);
  });
});

describe('model bodies', () => {
  const cases: [string, unknown, string][] = [
    ['minimal', model, 'ok'],
    ['full', { ...model, display_name: 'X', cached_input_cost_per_1m: null, max_output_tokens: 4096, capabilities: ['chat', 'tools'], quality: 55, enabled: false }, 'ok'],
    ['model_name with slash', { ...model, model_name: 'meta-llama/Llama-3.3-70B' }, 'ok'],
    ['model_name with space', { ...model, model_name: 'gpt x' }, 'model_name'],
    ['missing provider_id', { ...model, provider_id: undefined }, 'provider_id'],
    ['missing model_name', { ...model, model_name: undefined }, 'model_name'],
    ['missing input price', { ...model, input_cost_per_1m: undefined }, 'input_cost_per_1m'],
    ['missing output price', { ...model, output_cost_per_1m: undefined }, 'output_cost_per_1m'],
    ['missing context_length', { ...model, context_length: undefined }, 'context_length'],
    ['negative price', { ...model, input_cost_per_1m: -0.01 }, 'input_cost_per_1m'],
    ['NaN price', { ...model, input_cost_per_1m: Number.NaN }, 'input_cost_per_1m'],
    ['Infinity price', { ...model, output_cost_per_1m: Number.POSITIVE_INFINITY }, 'output_cost_per_1m'],
    ['string price', { ...model, input_cost_per_1m: '1' }, 'input_cost_per_1m'],
    ['absurd price', { ...model, output_cost_per_1m: 10_000.01 }, 'output_cost_per_1m'],
    ['price at the cap', { ...model, output_cost_per_1m: 10_000 }, 'ok'],
    ['free model', { ...model, input_cost_per_1m: 0, output_cost_per_1m: 0 }, 'ok'],
    ['absurd cached price', { ...model, cached_input_cost_per_1m: 1e9 }, 'cached_input_cost_per_1m'],
    ['context 0', { ...model, context_length: 0 }, 'context_length'],
    ['context fractional', { ...model, context_length: 1.5 }, 'context_length'],
    ['context too big', { ...model, context_length: 100_000_001 }, 'context_length'],
    ['context at max', { ...model, context_length: 100_000_000 }, 'ok'],
    ['max_output 0', { ...model, max_output_tokens: 0 }, 'max_output_tokens'],
    ['quality -1', { ...model, quality: -1 }, 'quality'],
    ['quality 101', { ...model, quality: 101 }, 'quality'],
    ['quality 100', { ...model, quality: 100 }, 'ok'],
    ['unknown capability', { ...model, capabilities: ['chat', 'telepathy'] }, 'capabilities[1]'],
    ['capabilities not array', { ...model, capabilities: 'chat' }, 'capabilities'],
    ['unknown field', { ...model, id: 'openai/other' }, 'id'],
    // Gemini puts the name in the URL's path: `..` would climb out of /v1beta/models/ with the key
    ['.. path segment', { ...model, model_name: '../../admin' }, 'model_name'],
    ['.. inside', { ...model, model_name: 'org/../other' }, 'model_name'],
    ['. segment', { ...model, model_name: 'a/.' }, 'model_name'],
    ['dots inside a name', { ...model, model_name: 'a..b/.hidden/...' }, 'ok'],
    ['slashed name', { ...model, model_name: 'meta-llama/Llama-3.3-70B' }, 'ok'],
  ];
  it.each(cases)('create: %s', (_label, body, field) => {
    expect(blame(() => modelCreateBody(body, ''))).toBe(field);
  });

  it('update refuses the identity fields', () => {
    expect(blame(() => modelUpdateBody({ provider_id: 'x' }, ''))).toBe('provider_id');
    expect(blame(() => modelUpdateBody({ model_name: 'x' }, ''))).toBe('model_name');
    expect(blame(() => modelUpdateBody({ quality: null, max_output_tokens: null }, ''))).toBe('ok');
  });
});

describe('user, byok, settings and audit bodies', () => {
  const cases: [string, () => unknown, string][] = [
    ['user minimal', () => userCreateBody({ name: 'Kid' }, ''), 'ok'],
    ['user power level', () => userCreateBody({ name: 'Kid', power_level: 'turbo' }, ''), 'power_level'],
    ['user negative cap', () => userCreateBody({ name: 'Kid', monthly_cap_usd: -5 }, ''), 'monthly_cap_usd'],
    ['user null cap', () => userCreateBody({ name: 'Kid', monthly_cap_usd: null }, ''), 'ok'],
    ['user privacy guard', () => userCreateBody({ name: 'Kid', privacy_guard: 'maybe' }, ''), 'privacy_guard'],
    ['user preferred not strings', () => userCreateBody({ name: 'Kid', preferred_models: [1] }, ''), 'preferred_models[0]'],
    ['user update id', () => userUpdateBody({ id: 'x' }, ''), 'id'],
    ['byok missing key', () => byokSetBody({ id: 'default', provider_id: 'openai' }, ''), 'api_key'],
    ['byok bad key', () => byokSetBody({ id: 'default', provider_id: 'openai', api_key: 'a\rb' }, ''), 'api_key'],
    ['byok unknown field', () => byokSetBody({ id: 'default', provider_id: 'openai', api_key: 'k', base_url: 'x' }, ''), 'base_url'],
    ['settings retention 0', () => settingsUpdateBody({ usage_retention_days: 0 }, ''), 'usage_retention_days'],
    ['settings retention 3651', () => settingsUpdateBody({ usage_retention_days: 3651 }, ''), 'usage_retention_days'],
    ['settings retention 3650', () => settingsUpdateBody({ usage_retention_days: 3650 }, ''), 'ok'],
    ['settings port 70000', () => settingsUpdateBody({ proxy_port: 70000 }, ''), 'proxy_port'],
    ['audit limit string', () => auditQuery({ limit: '20' }, ''), 'ok'],
    ['audit limit junk', () => auditQuery({ limit: '20; drop' }, ''), 'limit'],
    ['audit limit 0', () => auditQuery({ limit: 0 }, ''), 'limit'],
  ];
  it.each(cases)('%s', (_label, fn, field) => {
    expect(blame(fn)).toBe(field);
  });
});

describe('primitives', () => {
  it('cleans what it accepts', () => {
    expect(baseUrl('https://api.example.com/v1/', 'u')).toBe('https://api.example.com/v1');
    expect(apiKey('  sk-abc  ', 'k')).toBe('sk-abc');
    expect(text({ max: 10 })('  hi  ', 'n')).toBe('hi');
    expect(booleanish('true', 'b')).toBe(true);
    expect(booleanish('false', 'b')).toBe(false);
    expect(blame(() => booleanish('yes', 'b'))).toBe('b');
  });

  it('names nested fields with a path', () => {
    const v = objectOf({ inner: objectOf({ x: text({ max: 3 }) }, ['x']) });
    expect(blame(() => v({ inner: { x: 'long' } }, ''))).toBe('inner.x');
    expect(blame(() => v({ inner: { y: 1 } }, ''))).toBe('inner.y');
  });

  it('does not pollute prototypes', () => {
    const body = JSON.parse('{"name":"x","type":"openai","__proto__":{"polluted":true}}');
    expect(() => providerCreateBody(body, '')).toThrow(ValidationError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['My OpenAI (work)', 'my-openai-work'],
    ['Café Ünïcode', 'cafe-unicode'],
    ['  --Groq--  ', 'groq'],
    ['日本語', ''],
    ['x'.repeat(80), 'x'.repeat(64)],
  ])('slugify(%j) = %j', (input, out) => {
    expect(slugify(input)).toBe(out);
  });
});
