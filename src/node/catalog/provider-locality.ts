// Where a provider runs: on this machine (a local runtime) or elsewhere. A cloud provider's type at a
// loopback address is a relay (LiteLLM, a corporate gateway): what it receives still leaves the machine.
import type { ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { isLoopbackAddress } from '../http/address-guard';
import { isOllamaCloudName } from '../../core/model-name';

/**
 * On this machine: a provider at a loopback address of a local runtime's type (Ollama, LM Studio) or an
 * OpenAI-compatible server. What it is sent stays here (the privacy guard sends secrets only there). An
 * Ollama or LM Studio elsewhere (a box on the LAN, ollama.com's hosted API) is not: a request to it leaves
 * this machine like any other.
 */
export function isLocalProvider(type: ProviderType, baseUrl: string): boolean {
  if (!PROVIDER_TYPE_INFO[type]?.local && type !== 'openai-compatible') return false;
  return isLoopbackUrl(baseUrl);
}

/**
 * Running a model costs nothing on a local runtime: Ollama or LM Studio at any address but a hosted
 * service that bills (ollama.com), or an OpenAI-compatible server on this machine. A cloud type is never
 * free, even at a loopback address (a relay that bills).
 */
export function isFreeProvider(type: ProviderType, baseUrl: string): boolean {
  if (PROVIDER_TYPE_INFO[type]?.local) return !isHostedRuntime(baseUrl);
  return isLocalProvider(type, baseUrl);
}

/**
 * A model its runtime forwards to another host, though the runtime may run here: an Ollama cloud model
 * (`gpt-oss:120b-cloud`), which ollama.com runs and bills. `said`: the runtime said so (Ollama's /api/show
 * `remote_host`, which also covers a model made FROM one); else its name tells, on a type that may be a
 * runtime of one's own (Ollama, LM Studio, an OpenAI-compatible server such as Ollama's /v1).
 */
export function isRemoteModel(type: ProviderType, modelName: string, said = false): boolean {
  if (said) return true;
  return (PROVIDER_TYPE_INFO[type]?.local === true || type === 'openai-compatible') && isOllamaCloudName(modelName);
}

function isLoopbackUrl(baseUrl: string): boolean {
  try {
    return isLoopbackAddress(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** Ollama's own cloud (https://ollama.com/v1, keyed and billed) */
function isHostedRuntime(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === 'ollama.com' || host.endsWith('.ollama.com');
  } catch {
    return false;
  }
}
