// Provider types -> wire format and defaults. A new OpenAI-compatible provider is one line here.
// In shared so the renderer's dialogs and the core read the same table.
import type { ProviderType } from './types';

export type WireFormat = 'openai' | 'anthropic' | 'gemini';

export interface ProviderTypeInfo {
  format: WireFormat;
  label: string;
  /** the official base URL, in the provider SDK's own convention */
  defaultBaseUrl: string;
  /** how the key is sent */
  auth: 'bearer' | 'x-api-key' | 'x-goog-api-key' | 'none-or-bearer';
  /** works without a key */
  keyless: boolean;
  /** runs on the user's machine */
  local: boolean;
  /** environment variable holding a system-default key */
  envKey?: string;
  /** where the provider publishes a balance, relative to the base URL */
  balancePath?: string;
}

export const PROVIDER_TYPE_INFO: Record<ProviderType, ProviderTypeInfo> = {
  openai: { format: 'openai', label: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', auth: 'bearer', keyless: false, local: false, envKey: 'OPENAI_API_KEY' },
  anthropic: { format: 'anthropic', label: 'Anthropic', defaultBaseUrl: 'https://api.anthropic.com', auth: 'x-api-key', keyless: false, local: false, envKey: 'ANTHROPIC_API_KEY' },
  gemini: { format: 'gemini', label: 'Google Gemini', defaultBaseUrl: 'https://generativelanguage.googleapis.com', auth: 'x-goog-api-key', keyless: false, local: false, envKey: 'GEMINI_API_KEY' },
  openrouter: { format: 'openai', label: 'OpenRouter', defaultBaseUrl: 'https://openrouter.ai/api/v1', auth: 'bearer', keyless: false, local: false, envKey: 'OPENROUTER_API_KEY', balancePath: '/credits' },
  together: { format: 'openai', label: 'Together AI', defaultBaseUrl: 'https://api.together.xyz/v1', auth: 'bearer', keyless: false, local: false, envKey: 'TOGETHER_API_KEY' },
  groq: { format: 'openai', label: 'Groq', defaultBaseUrl: 'https://api.groq.com/openai/v1', auth: 'bearer', keyless: false, local: false, envKey: 'GROQ_API_KEY' },
  mistral: { format: 'openai', label: 'Mistral', defaultBaseUrl: 'https://api.mistral.ai/v1', auth: 'bearer', keyless: false, local: false, envKey: 'MISTRAL_API_KEY' },
  deepseek: { format: 'openai', label: 'DeepSeek', defaultBaseUrl: 'https://api.deepseek.com/v1', auth: 'bearer', keyless: false, local: false, envKey: 'DEEPSEEK_API_KEY', balancePath: '/user/balance' },
  xai: { format: 'openai', label: 'xAI', defaultBaseUrl: 'https://api.x.ai/v1', auth: 'bearer', keyless: false, local: false, envKey: 'XAI_API_KEY' },
  ollama: { format: 'openai', label: 'Ollama', defaultBaseUrl: 'http://127.0.0.1:11434/v1', auth: 'none-or-bearer', keyless: true, local: true },
  lmstudio: { format: 'openai', label: 'LM Studio', defaultBaseUrl: 'http://127.0.0.1:1234/v1', auth: 'none-or-bearer', keyless: true, local: true },
  'openai-compatible': { format: 'openai', label: 'OpenAI-compatible', defaultBaseUrl: 'http://127.0.0.1:8000/v1', auth: 'none-or-bearer', keyless: true, local: false },
};

export function providerTypeInfo(type: ProviderType): ProviderTypeInfo {
  return PROVIDER_TYPE_INFO[type];
}
