import { describe, expect, it } from 'vitest';
import { upstreamError } from './errors';
import { overflowFigures } from './overflow-figures';

describe('overflowFigures: the sizes a provider names when the request is too long for its model', () => {
  it('reads prompt and output room from the wordings that name both', () => {
    const cases: [string, { needs: number; output: number; has: number }][] = [
      // OpenAI, vLLM, DeepSeek, Groq
      ["This model's maximum context length is 40960 tokens. However, you requested 43500 tokens (11500 in the messages, 32000 in the completion). Please reduce the length of the messages or completion.", { needs: 43_500, output: 32_000, has: 40_960 }],
      ["This model's maximum context length is 8192 tokens, however you requested 8977 tokens (8000 in your prompt; 977 for the completion). Please reduce your prompt; or completion length.", { needs: 8977, output: 977, has: 8192 }],
      // vLLM 0.8 on
      ["'max_tokens' or 'max_completion_tokens' is too large: 8000. This model's maximum context length is 4096 tokens and your request has 2778 input tokens (8000 > 4096 - 2778). None", { needs: 10_778, output: 8000, has: 4096 }],
      ["This model's maximum context length is 32768 tokens. However, you requested 33000 output tokens and your prompt contains at least 1 input tokens, for a total of at least 33001 tokens.", { needs: 33_001, output: 33_000, has: 32_768 }],
      // OpenRouter: text and tool input together are the prompt
      ["This endpoint's maximum context length is 204800 tokens. However, you requested about 205432 tokens (81684 of text input, 3748 of tool input, 120000 in the output). Please reduce the length of either one, or use the \"middle-out\" transform to compress your prompt automatically.", { needs: 205_432, output: 120_000, has: 204_800 }],
      // Anthropic
      ['input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000, decrease input length or `max_tokens` and try again', { needs: 205_192, output: 8192, has: 200_000 }],
      // Together (TGI)
      ['Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4097. Given: 80125 `inputs` tokens and 4096 `max_new_tokens`', { needs: 84_221, output: 4096, has: 4097 }],
    ];
    for (const [message, figures] of cases) expect(overflowFigures(message), message).toEqual(figures);
  });

  it('reads the prompt alone from the wordings that name no output room', () => {
    const cases: [string, { needs: number; has: number }][] = [
      ["This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.", { needs: 9000, has: 8192 }],
      ["This model's maximum context length is 1536 tokens. However, your request has 4176 input tokens. Please reduce the length of the input messages.", { needs: 4176, has: 1536 }],
      ["This endpoint's maximum context length is 16384 tokens. However, you requested about 94307 tokens (94307 of text input). Please reduce the length of either one, or use the \"middle-out\" transform to compress your prompt automatically.", { needs: 94_307, has: 16_384 }],
      ['The input token count (1048590) exceeds the maximum number of tokens allowed (1048576).', { needs: 1_048_590, has: 1_048_576 }],
      ['prompt is too long: 210000 tokens > 200000 maximum', { needs: 210_000, has: 200_000 }],
      ["This model's maximum prompt length is 131072 but the request contains 136973 tokens.", { needs: 136_973, has: 131_072 }],
      ['Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length', { needs: 40_000, has: 32_768 }],
      // LM Studio: a prompt longer than the context the model is loaded with
      ['Trying to keep the first 22182 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input', { needs: 22_182, has: 4096 }],
      // llama-server, now and in older builds; vLLM's engine
      ['request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it', { needs: 9000, has: 8192 }],
      ['input (9000 tokens) is larger than the max context size (8192 tokens). skipping', { needs: 9000, has: 8192 }],
      ['The decoder prompt (length 9000) is longer than the maximum model length of 8192. Make sure that `max_model_len` is no smaller than the number of text tokens plus multimodal tokens.', { needs: 9000, has: 8192 }],
    ];
    for (const [message, figures] of cases) expect(overflowFigures(message), message).toEqual(figures);
  });

  it('reads nothing from a wording it does not know, or from figures no overflow has', () => {
    expect(overflowFigures('prompt is too long')).toBeUndefined();
    expect(overflowFigures('max_tokens is too large: 32000. This model supports at most 16384 completion tokens')).toBeUndefined();
    expect(overflowFigures('prompt is too long: 100 tokens > 200000 maximum')).toBeUndefined();
    expect(overflowFigures('prompt is too long: 0 tokens > 0 maximum')).toBeUndefined();
  });

  it('goes with an upstream context_length error, and only with one', () => {
    const vllm = "This model's maximum context length is 40960 tokens. However, you requested 43500 tokens (11500 in the messages, 32000 in the completion).";
    expect(upstreamError(400, vllm, {}, 'BadRequestError')).toMatchObject({ kind: 'context_length', overflow: { needs: 43_500, output: 32_000, has: 40_960 } });
    expect(upstreamError(400, 'prompt is too long', {})).toEqual({ kind: 'context_length', status: 400, message: 'prompt is too long' });
    const lms = 'Trying to keep the first 5000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough.';
    expect(upstreamError(400, lms, {}, 'lmstudio')).toMatchObject({ kind: 'context_length', overflow: { needs: 5000, has: 4096 } });
    // a server failing says nothing of the request's size, whatever its text
    expect(upstreamError(500, vllm, {}).overflow).toBeUndefined();
  });
});
