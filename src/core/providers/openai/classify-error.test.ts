import { describe, expect, it } from 'vitest';
import { classifyOpenAIError } from './classify-error';

const body = (error: Record<string, unknown>): string => JSON.stringify({ error: { message: 'm', type: 'invalid_request_error', ...error } });

describe('classifyOpenAIError: the provider\'s own code and param', () => {
  it('are kept, for a client whose body was forwarded as sent', () => {
    expect(classifyOpenAIError(400, body({ param: 'input[0].content[0].text', code: 'missing_required_parameter' }), {}))
      .toEqual({ kind: 'bad_request', status: 400, message: 'm', param: 'input[0].content[0].text', code: 'missing_required_parameter' });
    expect(classifyOpenAIError(400, body({ param: null, code: 'invalid_encrypted_content' }), {})).toEqual({ kind: 'bad_request', status: 400, message: 'm', code: 'invalid_encrypted_content' });
  });

  it('are left out when absent or not names (OpenRouter\'s numeric code is a status), and never carry a key', () => {
    expect(classifyOpenAIError(400, body({ param: null, code: null }), {})).toEqual({ kind: 'bad_request', status: 400, message: 'm' });
    expect(classifyOpenAIError(400, JSON.stringify({ error: { message: 'm', code: 400 } }), {})).toEqual({ kind: 'bad_request', status: 400, message: 'm' });
    const key = `sk-proj-${'a1B2c3D4e5'.repeat(5)}`;
    const leaked = classifyOpenAIError(400, body({ param: `api_key=${key}`, code: key }), {});
    expect(JSON.stringify(leaked)).not.toContain(key);
  });
});
