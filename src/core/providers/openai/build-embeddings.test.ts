// The OpenAI adapter's embeddings and model-listing requests, and Mistral's tool-call ids.
import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../canonical';
import { buildOpenAIEmbeddingsForwardRequest, openaiAdapter } from './index';
import { mistralToolCallId } from './quirks';

describe('mistralToolCallId', () => {
  it('keeps valid ids and maps others stably and distinctly', () => {
    expect(mistralToolCallId('D681PevKs')).toBe('D681PevKs');
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = mistralToolCallId(`call_${i}`);
      expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
      expect(mistralToolCallId(`call_${i}`)).toBe(id);
      ids.add(id);
    }
    expect(ids.size).toBe(2000);
  });
});

describe('openaiAdapter embeddings and models requests', () => {
  it('builds the embeddings request', () => {
    const http = openaiAdapter.buildEmbeddingsRequest(
      { model: 'emb', input: ['a', 'b'], dimensions: 256, encodingFormat: 'base64' },
      { baseUrl: 'https://api.openai.com/v1/', modelName: 'text-embedding-3-small', apiKey: 'sk-x' },
    );
    expect(http.url).toBe('https://api.openai.com/v1/embeddings');
    expect(http.headers.authorization).toBe('Bearer sk-x');
    expect(JSON.parse(http.body!)).toEqual({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 256 });
  });

  it("sends Mistral the dimensions as its output_dimension (it refuses dimensions: 422 extra_forbidden)", () => {
    const http = openaiAdapter.buildEmbeddingsRequest(
      { model: 'emb', input: ['a'], dimensions: 512 },
      { baseUrl: 'https://api.mistral.ai/v1', modelName: 'codestral-embed', apiKey: 'k', providerType: 'mistral' },
    );
    expect(JSON.parse(http.body!)).toEqual({ model: 'codestral-embed', input: ['a'], output_dimension: 512 });
  });

  it('forwards an embeddings body as sent with only model changed, and to Mistral only the fields it takes', () => {
    const client = { model: 'auto', input: 'a', dimensions: 8, user: 'u', input_type: 'query', encoding_format: 'base64' };
    const openai = buildOpenAIEmbeddingsForwardRequest(client, { baseUrl: 'https://api.openai.com/v1', modelName: 'text-embedding-3-small', apiKey: 'k', providerType: 'openai' });
    expect(JSON.parse(openai.body!)).toEqual({ ...client, model: 'text-embedding-3-small' });
    expect(openai.dropped).toBeUndefined();
    const mistral = buildOpenAIEmbeddingsForwardRequest(client, { baseUrl: 'https://api.mistral.ai/v1', modelName: 'codestral-embed', apiKey: 'k', providerType: 'mistral' });
    expect(JSON.parse(mistral.body!)).toEqual({ model: 'codestral-embed', input: 'a', output_dimension: 8, encoding_format: 'base64' });
    expect(mistral.dropped).toEqual(['user', 'input_type']);
    // fields sent as null asked for nothing: left out, not named
    const nulls = buildOpenAIEmbeddingsForwardRequest({ model: 'auto', input: 'a', user: null, input_type: null }, { baseUrl: 'https://api.mistral.ai/v1', modelName: 'codestral-embed', apiKey: 'k', providerType: 'mistral' });
    expect(JSON.parse(nulls.body!)).toEqual({ model: 'codestral-embed', input: 'a' });
    expect(nulls.dropped).toBeUndefined();
  });

  it('builds the list-models request', () => {
    const http = openaiAdapter.buildListModelsRequest({ baseUrl: 'https://api.groq.com/openai/v1', apiKey: 'gsk_x' });
    expect(http).toEqual({ url: 'https://api.groq.com/openai/v1/models', method: 'GET', headers: { accept: 'application/json', authorization: 'Bearer gsk_x' } });
  });
});

describe('parseEmbeddingsResponse', () => {
  it('an empty vector ([] or "" in base64) is invalid_output, not a vector of no numbers', () => {
    for (const embedding of [[], '']) {
      let kind: string | undefined;
      try {
        openaiAdapter.parseEmbeddingsResponse({ object: 'list', data: [{ index: 0, embedding }], usage: { prompt_tokens: 1, total_tokens: 1 } });
      } catch (e) {
        kind = e instanceof UpstreamFailure ? e.error.kind : String(e);
      }
      expect(kind).toBe('invalid_output');
    }
  });
});
