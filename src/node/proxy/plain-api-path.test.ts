import { describe, expect, it } from 'vitest';
import { plainApiPath, requestUrl } from './server';

describe('plainApiPath', () => {
  it("takes the API's paths as clients send them, as new URL would read them", () => {
    for (const raw of ['/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/models', '/v1beta/models/gemini-2.5-pro:streamGenerateContent', '/v1/responses/resp_0a1b/input_items', '/v1//responses']) {
      expect(plainApiPath(raw)).toBe(raw);
      expect(new URL(raw, 'http://localhost').pathname).toBe(raw);
    }
  });

  it('leaves to new URL anything it would change or that has a query', () => {
    const tricky = [
      '/v1/../api/v1/llm/providers', '/v1/./models', '/v1/models/.', '/v1/%2e%2e/api', '/v1\\..\\api', '/v1/models?key=sb-x',
      '/v1/models#x', '/v1/mod els', '/v1/modèle', '/v1', '/v2/models', '/api/v1/llm/providers', '/v1beta/models/x:generateContent?alt=sse',
      '//v1/models', '/v1/a"b', '/v1/{x}',
    ];
    for (const raw of tricky) expect(plainApiPath(raw), raw).toBeUndefined();
  });
});

describe('requestUrl', () => {
  it('reads a target beginning with // (or a backslash) as a path, never as a URL of another host', () => {
    for (const [raw, path] of [['//v1/chat/completions', '//v1/chat/completions'], ['///v1/models', '///v1/models'], ['/\\v1/models', '//v1/models'], ['//v1/../api/v1/llm/status', '//api/v1/llm/status']]) {
      const url = requestUrl(raw!);
      expect(url.host, raw).toBe('localhost');
      expect(url.pathname, raw).toBe(path);
    }
    expect(requestUrl('//v1/models?key=sb-x').searchParams.get('key')).toBe('sb-x');
  });

  it('reads everything else as new URL does', () => {
    for (const raw of ['/v1/models', '/v1/../api/v1/llm/providers', '/v1/%2e%2e/api', '/v1/models?alt=sse', 'http://127.0.0.1:4141/v1/models', '*']) {
      expect(requestUrl(raw).href, raw).toBe(new URL(raw, 'http://localhost').href);
    }
  });
});
