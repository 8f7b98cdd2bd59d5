import type { UpstreamAdapter, WireFormat } from '../canonical';
import { openaiAdapter } from './openai';
import { anthropicAdapter } from './anthropic';
import { geminiAdapter } from './gemini';

const ADAPTERS: Record<WireFormat, UpstreamAdapter> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

export function adapterFor(format: WireFormat): UpstreamAdapter {
  return ADAPTERS[format];
}

export { PROVIDER_TYPE_INFO, providerTypeInfo } from './registry';
