// Whether running a provider's models costs nothing, as the server decides it (node/catalog/provider-locality's
// isFreeProvider): there an empty input or output price is saved as $0, not as unknown, and the forms say so.
import { PROVIDER_TYPE_INFO } from '../../../shared/provider-types';
import type { Provider } from '../../../shared/types';

function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  // URL() writes IPv4 in dotted form, and an IPv4-mapped IPv6 address in hex (::ffff:7f00:1)
  return /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(bare);
}

/** Ollama or LM Studio anywhere but ollama.com's billed API, or an OpenAI-compatible server on this machine. */
export function runsFree(p: Pick<Provider, 'type' | 'base_url'>): boolean {
  let host: string;
  try {
    host = new URL(p.base_url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (PROVIDER_TYPE_INFO[p.type]?.local) return !(host === 'ollama.com' || host.endsWith('.ollama.com'));
  return p.type === 'openai-compatible' && isLoopbackHost(host);
}
