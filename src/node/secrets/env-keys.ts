// System-default keys from the environment (OPENAI_API_KEY, ...), used when the user stored none.
import type { ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { apiKey } from '../../shared/validate';

export type Env = Record<string, string | undefined>;

/**
 * The env default key for a provider of this type at this base URL, or undefined. It is the key for the
 * type's official service only: a provider pointed at any other origin never gets it. A value unfit for a
 * header is ignored.
 */
export function envKeyFor(type: ProviderType, baseUrl: string, env: Env): string | undefined {
  const info = PROVIDER_TYPE_INFO[type];
  if (!info || !sameOrigin(baseUrl, info.defaultBaseUrl)) return undefined;
  const name = info.envKey;
  const raw = name ? env[name]?.trim() : undefined;
  if (!raw) return undefined;
  try {
    return apiKey(raw, name as string);
  } catch {
    return undefined;
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
