// Where a provider runs: on this machine (a local runtime) or elsewhere. A cloud provider's type at a
// loopback address is a relay (LiteLLM, a corporate gateway): what it receives still leaves the machine.
import type { ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { isLoopbackAddress } from '../http/address-guard';

/**
 * A local runtime: Ollama, LM Studio, or an OpenAI-compatible server on this machine. What it is sent
 * stays here (the privacy guard sends secrets only there), and running it costs nothing.
 */
export function isLocalProvider(type: ProviderType, baseUrl: string): boolean {
  if (PROVIDER_TYPE_INFO[type]?.local) return true;
  if (type !== 'openai-compatible') return false;
  try {
    return isLoopbackAddress(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** Running a model costs nothing on a local runtime; a cloud type is never free, even at a loopback address (a relay that bills). */
export const isFreeProvider = isLocalProvider;
