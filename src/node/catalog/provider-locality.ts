// A provider runs on this machine when its type says so (ollama, lmstudio) or its URL is loopback.
import type { ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '0:0:0:0:0:0:0:1';
}

export function isLocalProvider(type: ProviderType, baseUrl: string): boolean {
  if (PROVIDER_TYPE_INFO[type]?.local) return true;
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/**
 * Running a model costs nothing where a local runtime serves it: Ollama, LM Studio, or an OpenAI-compatible
 * server on this machine. A cloud type is never free, even at a loopback address (there it is a relay that bills).
 */
export function isFreeProvider(type: ProviderType, baseUrl: string): boolean {
  if (type === 'ollama' || type === 'lmstudio') return true;
  if (type !== 'openai-compatible') return false;
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}
