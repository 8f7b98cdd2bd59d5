// Error answers OpenAI-compatible providers give in their own words and shapes, as their documentation
// and their users' reports show them: status faults for the fake OpenAI server (test/mocks/types.ts).
import type { Fault } from './types';

/**
 * OpenRouter's moderation refusal (openrouter.ai/docs/errors): 403, the reasons the input was flagged
 * for and the flagged text in `error.metadata`.
 */
export function openRouterModerationFault(model = 'openai/gpt-4o'): Fault {
  return {
    kind: 'status', status: 403, body: {
      error: {
        code: 403,
        message: `${model} requires moderation on OpenAI. Your input was flagged for "harassment". No credits were charged.`,
        metadata: { reasons: ['harassment'], flagged_input: 'you are...', provider_name: 'OpenAI', model_slug: model },
      },
    },
  };
}

/**
 * xAI's answer to a wrong or revoked key: 400, `error` a string, `code` gRPC's wording
 * (continuedev/continue#10778, #10161). The fake gives it for a wrong key with `keyErrors: 'xai'`.
 */
export function xaiBadKeyBody(given: string): Record<string, string> {
  const shown = given.length > 4 ? `${given.slice(0, 2)}***${given.slice(-2)}` : '***';
  return { code: 'Client specified an invalid argument', error: `Incorrect API key provided: ${shown}. You can obtain an API key from https://console.x.ai.` };
}

/** xAI: a prompt longer than the model takes (cline/cline#3120). */
export function xaiContextFault(limit = 131072, given = 136973): Fault {
  return {
    kind: 'status', status: 400,
    body: { code: 'Client specified an invalid argument', error: `This model's maximum prompt length is ${limit} but the request contains ${given} tokens.` },
  };
}

/**
 * A prompt longer than the context a local server runs its model with, 9000 tokens against 8192: llama-server's
 * (its `exceed_context_size_error`, with the figures in fields too, ggml-org/llama.cpp tools/server), its older
 * builds', and vLLM's engine's (a prompt past max_model_len, e.g. grown by images).
 */
export const LOCAL_CONTEXT_FAULTS: Record<'llamaServer' | 'llamaServerOld' | 'vllmEngine', Fault> = {
  llamaServer: {
    kind: 'status', status: 400, body: {
      error: {
        code: 400, message: 'request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it',
        type: 'exceed_context_size_error', n_prompt_tokens: 9000, n_ctx: 8192,
      },
    },
  },
  llamaServerOld: {
    kind: 'status', status: 400,
    body: { error: { code: 400, message: 'input (9000 tokens) is larger than the max context size (8192 tokens). skipping', type: 'invalid_request_error' } },
  },
  vllmEngine: {
    kind: 'status', status: 400, body: {
      object: 'error', type: 'BadRequestError', param: null, code: 400,
      message: 'The decoder prompt (length 9000) is longer than the maximum model length of 8192. Make sure that `max_model_len` is no smaller than the number of text tokens plus multimodal tokens. For image inputs, the number of image tokens depends on the number of images, and possibly their aspect ratios as well.',
    },
  },
};

/**
 * Groq: one request larger than the key's tier allows the model per minute (413, console.groq.com/docs/rate-limits):
 * no wait will let it through, a smaller request or another provider would.
 */
export function groqTpmTooLargeFault(model = 'llama-3.3-70b-versatile'): Fault {
  return {
    kind: 'status', status: 413, body: {
      error: {
        message: `Request too large for model \`${model}\` in organization \`org_01jx0000000000000000000000\` service tier \`on_demand\` on tokens per minute (TPM): Limit 12000, Requested 14137, please reduce your message size and try again. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing`,
        type: 'tokens',
        code: 'rate_limit_exceeded',
      },
    },
  };
}

/** Groq's flex tier out of capacity (498, console.groq.com/docs/flex-processing: retry with backoff). */
export function groqFlexCapacityFault(): Fault {
  return {
    kind: 'status', status: 498,
    body: { error: { message: 'Flex tier capacity exceeded. Please try again later.', type: 'capacity_exceeded', code: 'capacity_exceeded' } },
  };
}

/** LM Studio: a model it cannot load (out of memory, a broken file), 400 with param model. */
export function lmStudioLoadFault(model = 'google/gemma-3-12b'): Fault {
  return {
    kind: 'status', status: 400,
    body: { error: { message: `Failed to load model "${model}". Error: Error loading model.`, type: 'invalid_request_error', param: 'model' } },
  };
}

/** llama-server while it loads its model (tools/server: 503 until the model is ready). */
export function llamaServerLoadingFault(): Fault {
  return { kind: 'status', status: 503, body: { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } } };
}

/**
 * A model the provider no longer has, said with 400 (a 404 elsewhere): Groq's `model_decommissioned`, OpenRouter's
 * "is not a valid model ID", Mistral's `invalid_model`, DeepSeek's "Model Not Exist", each as its users report it.
 */
export const MODEL_GONE_FAULTS: Record<'groq' | 'openrouter' | 'mistral' | 'deepseek', Fault> = {
  groq: {
    kind: 'status', status: 400, body: {
      error: {
        message: 'The model `llama3-70b-8192` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.',
        type: 'invalid_request_error', code: 'model_decommissioned',
      },
    },
  },
  openrouter: { kind: 'status', status: 400, body: { error: { message: 'google/gemini-pro is not a valid model ID', code: 400 }, user_id: 'user_2x7DNyswjOHVRWDYVMCIROyGjsS' } },
  mistral: { kind: 'status', status: 400, body: { object: 'error', message: 'Invalid model: mistral-large-2402', type: 'invalid_model', param: null, code: '1500' } },
  deepseek: { kind: 'status', status: 400, body: { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } } },
};
