// Where a provider runs: on this machine (a local runtime) or elsewhere. A cloud provider's type at a
// loopback address is a relay (LiteLLM, a corporate gateway): what it receives still leaves the machine.
import type { ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '0:0:0:0:0:0:0:1';
}

/**
 * A local runtime: Ollama, LM Studio, or an OpenAI-compatible server on this machine. What it is sent
 * stays here (the privacy guard sends secrets only there), and running it costs nothing.
 */
export function isLocalProvider(type: ProviderType, baseUrl: string): boolean {
  if (PROVIDER_TYPE_INFO[type]?.local) return true;
  if (type !== 'openai-compatible') return false;
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** Running a model costs nothing on a local runtime; a cloud type is never free, even at a loopback address (a relay that bills). */
export const isFreeProvider = isLocalProvider;
